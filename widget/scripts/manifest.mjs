#!/usr/bin/env node
// Generates widget/custom-elements.json (Custom Elements Manifest schema 2.1.0) from the components' JSDoc:
// @summary, @fires, @slot, @csspart, @cssproperty [--name=default] on the class; attributes from Lit's
// `static properties` (or `observedAttributes`) and `@attr {type} name - description` tags on the class; public
// fields and methods with their doc comments; the tag from the folder's define file (`defineOnce('tag', Class)`).
// `node widget/scripts/manifest.mjs [--check]`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const COMPONENTS = join(ROOT, 'widget/src/components');
export const MANIFEST_PATH = join(ROOT, 'widget/custom-elements.json');

const text = (comment) =>
  (typeof comment === 'string' ? comment : (ts.getTextOfJSDocComment(comment) ?? '')).trim();
/** Splits "name - description" (the JSDoc tag convention used by the components). */
const nameAndDescription = (s) => {
  const m = /^(\S+)\s*(?:-\s*)?([\s\S]*)$/.exec(s.trim());
  return { name: m?.[1] ?? '', description: (m?.[2] ?? '').trim() };
};
const tagText = (tag) => text(tag.comment);

function docOf(node) {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  return docs.length ? text(docs.at(-1).comment) : '';
}

function tagsOf(node) {
  return ts.getJSDocTags(node);
}

function attributesFrom(cls, sf) {
  const out = [];
  for (const m of cls.members) {
    const name = m.name && ts.isIdentifier(m.name) ? m.name.text : '';
    const isStatic = m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
    if (!isStatic || !ts.isPropertyDeclaration(m) || !m.initializer) continue;
    if (name === 'properties' && ts.isObjectLiteralExpression(m.initializer)) {
      for (const p of m.initializer.properties) {
        if (!ts.isPropertyAssignment(p) || !ts.isObjectLiteralExpression(p.initializer)) continue;
        const opts = Object.fromEntries(
          p.initializer.properties
            .filter(ts.isPropertyAssignment)
            .map((o) => [o.name.getText(sf), o.initializer.getText(sf)]),
        );
        if (opts.state === 'true' || opts.attribute === 'false') continue;
        out.push({ name: p.name.getText(sf), type: (opts.type ?? 'String').toLowerCase() });
      }
    }
    if (name === 'observedAttributes' && ts.isArrayLiteralExpression(m.initializer)) {
      for (const e of m.initializer.elements)
        if (ts.isStringLiteral(e)) out.push({ name: e.text, type: 'string' });
    }
  }
  return out;
}

function membersFrom(cls, sf) {
  const members = [];
  for (const m of cls.members) {
    const mods = ts.getCombinedModifierFlags(m);
    if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected | ts.ModifierFlags.Static)) continue;
    if (!m.name || ts.isPrivateIdentifier(m.name)) continue;
    const name = m.name.getText(sf);
    const description = docOf(m);
    if (!description || mods & ts.ModifierFlags.Override) continue;
    if (ts.isMethodDeclaration(m)) {
      members.push({
        kind: 'method',
        name,
        description,
        parameters: m.parameters.map((p) => ({
          name: p.name.getText(sf),
          type: { text: p.type?.getText(sf) ?? 'unknown' },
        })),
      });
    } else if (ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m)) {
      members.push({
        kind: 'field',
        name,
        description,
        ...(m.type ? { type: { text: m.type.getText(sf) } } : {}),
      });
    }
  }
  return members;
}

/**
 * Every component folder, as [path, name]: `components/<name>/<name>.component.ts`, or one level deeper for a
 * group of components (`components/call/<name>/<name>.component.ts`).
 */
function componentFolders() {
  const found = [];
  for (const dir of readdirSync(COMPONENTS).sort()) {
    const folder = join(COMPONENTS, dir);
    if (existsSync(join(folder, `${dir}.component.ts`))) found.push([folder, dir]);
    else
      for (const sub of readdirSync(folder, { withFileTypes: true }).filter((d) => d.isDirectory()))
        if (existsSync(join(folder, sub.name, `${sub.name}.component.ts`)))
          found.push([join(folder, sub.name), sub.name]);
  }
  return found.sort((a, b) => a[1].localeCompare(b[1]));
}

/** Builds the manifest object. */
export function buildManifest() {
  const modules = [];
  for (const [folder, dir] of componentFolders()) {
    const file = join(folder, `${dir}.component.ts`);
    const defineFile = join(folder, `${dir}.ts`);
    let source;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const tag = /defineOnce\('([a-z0-9-]+)'/.exec(readFileSync(defineFile, 'utf8'))?.[1];
    const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
    const declarations = [];
    for (const st of sf.statements) {
      if (!ts.isClassDeclaration(st) || !st.name) continue;
      const tags = tagsOf(st);
      const pick = (n) => tags.filter((t) => t.tagName.text === n).map(tagText);
      const cssProperties = pick('cssproperty').map((s) => {
        const m =
          /^\[(--[\w-]+)=([^\]]*)\]\s*(?:-\s*)?(.*)$/.exec(s) ?? /^(--[\w-]+)()\s*(?:-\s*)?(.*)$/.exec(s);
        return { name: m?.[1] ?? s, default: m?.[2] || undefined, description: m?.[3] ?? '' };
      });
      declarations.push({
        kind: 'class',
        customElement: true,
        name: st.name.text,
        tagName: tag,
        summary: pick('summary')[0] ?? '',
        description: docOf(st),
        attributes: [
          ...attributesFrom(st, sf).map((a) => ({ name: a.name, type: { text: a.type } })),
          // attributes read without a reactive property: `@attr {type} name - description` on the class
          ...[...pick('attr'), ...pick('attribute')].map((s) => {
            const m = /^(?:\{([^}]*)\}\s*)?(\S+)\s*(?:-\s*)?([\s\S]*)$/.exec(s);
            return {
              name: m?.[2] ?? s,
              type: { text: m?.[1] ?? 'string' },
              description: (m?.[3] ?? '').replace(/\s+/g, ' ').trim(),
            };
          }),
        ],
        members: membersFrom(st, sf),
        events: pick('fires').map(nameAndDescription),
        slots: pick('slot').map(nameAndDescription),
        cssParts: pick('csspart').map(nameAndDescription),
        cssProperties,
      });
    }
    const path = relative(ROOT, file).replaceAll('\\', '/');
    modules.push({
      kind: 'javascript-module',
      path,
      declarations,
      exports: declarations.flatMap((d) => [
        { kind: 'js', name: d.name, declaration: { name: d.name, module: path } },
        ...(d.tagName
          ? [
              {
                kind: 'custom-element-definition',
                name: d.tagName,
                declaration: { name: d.name, module: path },
              },
            ]
          : []),
      ]),
    });
  }
  return { schemaVersion: '2.1.0', readme: 'docs/widget.md', modules };
}

/** The manifest as the committed file's text. */
export const manifestText = () => `${JSON.stringify(buildManifest(), null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const next = manifestText();
  if (process.argv.includes('--check')) {
    const current = readFileSync(MANIFEST_PATH, 'utf8');
    if (current !== next) {
      process.stderr.write(
        'widget/custom-elements.json is out of date: run node widget/scripts/manifest.mjs\n',
      );
      process.exit(1);
    }
  } else {
    writeFileSync(MANIFEST_PATH, next);
    process.stdout.write(`wrote ${relative(ROOT, MANIFEST_PATH)}\n`);
  }
}
