// Bundles entry.js (written by tools/build_plotly_bundle.py) into one minified IIFE defining
// window.Plotly. Usage: node build.js <outfile>
//
// Settings of plotly.js's own esbuild-config.js (format, global name, defines, target) plus minify.
// CSS imports load as nothing: the only one is maplibre's, needed by the *map traces alone.
// Like plotly.js's min bundles (its tasks/compress_attributes.js), attribute meta (descriptions,
// hrName, requiredOpts, otherOpts) is stripped from plotly.js sources: only schema docs read it.
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');

const WS = '\\s*';
const COMMA = ',?';
const META = [
    new RegExp(WS + "description: '.*'" + COMMA, 'g'),
    new RegExp(WS + "description: \\[[\\s\\S]*?\\]\\.join\\(\\s*'[^']*'\\s*\\)" + COMMA, 'g'),
    new RegExp(WS + 'requiredOpts: \\[[\\s\\S]*?\\]' + COMMA, 'g'),
    new RegExp(WS + 'otherOpts: \\[[\\s\\S]*?\\]' + COMMA, 'g'),
    new RegExp(WS + "hrName: '.*'" + COMMA, 'g'),
];

const stripMeta = {
    name: 'strip-attribute-meta',
    setup(build) {
        build.onLoad({ filter: /plotly\.js[\\/]src[\\/].*\.js$/ }, async (args) => {
            let text = await fs.promises.readFile(args.path, 'utf8');
            for (const re of META) text = text.replace(re, '');
            return { contents: text, loader: 'js' };
        });
    },
};

esbuild
    .build({
        entryPoints: ['entry.js'],
        outfile: process.argv[2],
        plugins: [stripMeta],
        format: 'iife',
        globalName: 'Plotly',
        bundle: true,
        minify: true,
        legalComments: 'eof',
        loader: { '.css': 'empty' },
        define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
        target: 'es2016',
        logLevel: 'warning',
    })
    .catch((e) => { console.error(e); process.exit(1); });
