export {
  DARK,
  LIGHT,
  presetDeclarations,
  presetsCss,
  type ThemePreset,
  type TokenName,
  tokenVar,
} from './tokens.js';
