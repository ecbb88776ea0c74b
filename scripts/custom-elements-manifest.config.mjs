// Configuration of `cem analyze` (the build's last step: scripts/build.mjs passes --config with this file).
// The manifest is generated from the TypeScript source's JSDoc but published next to the compiled code, so
// its module paths are rewritten from src/…/*.ts to dist/…/*.js: tools that follow `path`/`module` find files
// that really are in the package. It also names the element's tag when the class's JSDoc does not (see below).
const SOURCE_PATH = /^(\/?)src\/(.*)\.ts$/;

/** Rewrites every `path` and `module` string of the manifest from src/*.ts to dist/*.js. */
function toDistPaths(node) {
  if (Array.isArray(node)) {
    node.forEach(toDistPaths);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'path' || key === 'module') && typeof value === 'string') {
      node[key] = value.replace(SOURCE_PATH, '$1dist/$2.js');
    } else {
      toDistPaths(value);
    }
  }
}

/** The element's class and the tag name `defineKlarnaCheckoutButton()` registers it under by default. */
const ELEMENT_CLASS = 'KlarnaCheckoutButton';
const TAG_NAME = 'klarna-checkout-button';

/**
 * The element is registered through `defineKlarnaCheckoutButton(tagName = 'klarna-checkout-button')`, a call the
 * analyzer cannot follow, so without a `@tagname` JSDoc tag on the class the manifest would name no tag. This
 * fills in the tag and its `custom-element-definition` export only when the JSDoc did not.
 */
function addMissingTagName(modules) {
  for (const module of modules) {
    const declaration = (module.declarations ?? []).find((candidate) => candidate.customElement && candidate.name === ELEMENT_CLASS);
    if (!declaration || declaration.tagName) continue;
    declaration.tagName = TAG_NAME;
    module.exports ??= [];
    if (!module.exports.some((entry) => entry.kind === 'custom-element-definition')) {
      module.exports.push({ kind: 'custom-element-definition', name: TAG_NAME, declaration: { name: ELEMENT_CLASS, module: module.path } });
    }
  }
}

export default {
  globs: ['src/element/**/*.ts'],
  litelement: true,
  plugins: [
    {
      name: 'klarna-checkout-button-dist-paths',
      packageLinkPhase({ customElementsManifest }) {
        addMissingTagName(customElementsManifest.modules);
        toDistPaths(customElementsManifest.modules);
      },
    },
  ],
};
