// esbuild plugins shared by the builds of the function (build.mjs) and of the playground (playground.mjs).

const root = new URL('..', import.meta.url).pathname;

// zod ships 40 locales; only English messages are ever shown, and the rest is a third of the bundle.
export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /locales\/index\.js$/ }, (args) => (args.importer.includes('/zod/') ? { path: args.importer, namespace: 'zod-locales' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(new URL('../locales/en.js', `file://${args.path}`).pathname)};`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};
