// Bundles entry.js (written by tools/build_plotly_bundle.py) into one minified IIFE defining
// window.Plotly. Usage: node build.js <outfile>
//
// Settings of plotly.js's own esbuild-config.js (format, global name, defines, target) plus minify.
// CSS imports load as nothing: the only one is maplibre's, needed by the *map traces alone.
// Like plotly.js's min bundles (its tasks/compress_attributes.js), attribute meta (descriptions,
// hrName, requiredOpts, otherOpts) is stripped from plotly.js sources: only schema docs read it.
// PATCHES (below) change plotly.js sources; each names what it replaces, which must be found
// exactly once, so a new plotly.js release fails the build instead of silently dropping one.
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

// geo-memo: a recolour of a geographic map (new z on a choropleth, same GeoJSON) makes plotly.js
// redo, for every region, work that depends only on the region's geometry and the projection:
// the SVG path string of each region (projection, resampling and clipping of every vertex, in
// Geo._render) and, in calcGeoJSON, its centroid, bounding box and hover polygons. On the 514
// regency map that was about two thirds of a repaint (issue 16, SPEC P8). These results are kept
// per GeoJSON geometry object (a WeakMap: the geometry fetched from a URL or given inline stays the
// same object between redraws) and path strings also per projection state (any change of scale,
// translate, rotation, clip or projection settings draws afresh). Counters in
// window.PlotlyGeoAssets.kcMemo let tests and benchmarks see it work.
const GEO_MEMO_HELPERS = `
function kcMemoStats() {
    var assets = typeof window !== 'undefined' ? window.PlotlyGeoAssets : null;
    if (!assets) return { paths: { hit: 0, miss: 0 }, geometry: { hit: 0, miss: 0 } };
    if (!assets.kcMemo) assets.kcMemo = { paths: { hit: 0, miss: 0 }, geometry: { hit: 0, miss: 0 } };
    return assets.kcMemo;
}
function kcGeometryOf(obj) {
    return obj && obj.type === 'Feature' && obj.geometry && typeof obj.geometry === 'object' ? obj.geometry : null;
}
`;

const PATCHES = [
    {
        name: 'geo-memo',
        file: 'src/lib/geo_location_utils.js',
        replace: [
            [
                'module.exports = {\n    locationToFeature,',
                GEO_MEMO_HELPERS +
                    `
// per geometry (and feature id, which feature2polygons special-cases): the feature's geometry
// decides the answer, the Feature wrapper is rebuilt on every calc
function kcMemoByGeometry(fn) {
    var cache = new WeakMap();
    return function (feature) {
        var geometry = kcGeometryOf(feature);
        if (!geometry) return fn(feature);
        var stats = kcMemoStats().geometry;
        var kept = cache.get(geometry);
        if (kept && kept.id === feature.id) {
            stats.hit++;
            return kept.value;
        }
        stats.miss++;
        var value = fn(feature);
        cache.set(geometry, { id: feature.id, value: value });
        return value;
    };
}
feature2polygons = kcMemoByGeometry(feature2polygons);
findCentroid = kcMemoByGeometry(findCentroid);
const computeBboxMemo = kcMemoByGeometry(computeBbox);

module.exports = {
    locationToFeature,`,
            ],
            ['    computeBbox,\n    coordsOf,', '    computeBbox: computeBboxMemo,\n    coordsOf,'],
        ],
    },
    {
        name: 'geo-memo',
        file: 'src/plots/geo/geo.js',
        replace: [
            [
                '    var pathFn = projection.getPath();\n    var k;\n',
                '    var pathFn = projection.getPath();\n' +
                    '    var stamp = kcProjectionStamp(projection, this.graphDiv._fullLayout[this.id]);\n' +
                    '    var k;\n',
            ],
            [
                '        this.dataPaths[k].attr(\'d\', function (d) {\n            return pathFn(d.geojson);\n        });',
                '        this.dataPaths[k].attr(\'d\', function (d) {\n            return kcPath(pathFn, d.geojson, stamp);\n        });',
            ],
            [
                '// Helper that wraps d3[geo + /* Projection name /*]() which:',
                GEO_MEMO_HELPERS +
                    `
// everything a d3 projection's output depends on, as one string
function kcProjectionStamp(projection, geoLayout) {
    function get(name) {
        return typeof projection[name] === 'function' ? projection[name]() : null;
    }
    var proj = (geoLayout && geoLayout.projection) || {};
    return JSON.stringify([
        proj.type, proj.parallels, proj.distance, proj.tilt,
        get('scale'), get('translate'), get('rotate'), get('center'), get('parallels'),
        get('clipExtent'), get('clipAngle'), get('precision'), get('angle'), get('reflectX'), get('reflectY')
    ]);
}

var kcPaths = new WeakMap();
function kcPath(pathFn, obj, stamp) {
    var geometry = kcGeometryOf(obj);
    if (!geometry) return pathFn(obj);
    var stats = kcMemoStats().paths;
    var kept = kcPaths.get(geometry);
    if (kept && kept.stamp === stamp) {
        stats.hit++;
        return kept.d;
    }
    stats.miss++;
    var d = pathFn(obj);
    kcPaths.set(geometry, { stamp: stamp, d: d });
    return d;
}

// Helper that wraps d3[geo + /* Projection name /*]() which:`,
            ],
        ],
    },
];
// colour-memo: Color.stroke parses the same colour string for each of a geo map's 514 outlines on
// every restyle (culori, about 40 % of a choropleth's style step); its answer depends only on the
// string, so the last 256 strings' answers are kept (a Map, cleared when full).
PATCHES.push({
    name: 'colour-memo',
    file: 'src/components/color/index.js',
    replace: [
        [
            "const stroke = (s, cstr) => {\n    s.style({ stroke: rgb(cstr), 'stroke-opacity': parse(cstr).alpha });\n};",
            `const strokeStyles = new Map();
const stroke = (s, cstr) => {
    if (typeof cstr !== 'string') {
        s.style({ stroke: rgb(cstr), 'stroke-opacity': parse(cstr).alpha });
        return;
    }
    let style = strokeStyles.get(cstr);
    if (!style) {
        if (strokeStyles.size >= 256) strokeStyles.clear();
        style = { stroke: rgb(cstr), 'stroke-opacity': parse(cstr).alpha };
        strokeStyles.set(cstr, style);
    }
    s.style(style);
};`,
        ],
    ],
});
const applied = new Map(PATCHES.map((p) => [p.file, 0]));

function patch(path, text) {
    const rel = path.split(/[\\/]plotly\.js[\\/]/).pop().replace(/\\/g, '/');
    for (const p of PATCHES.filter((q) => q.file === rel)) {
        for (const [from, to] of p.replace) {
            const count = text.split(from).length - 1;
            if (count !== 1) {
                throw new Error(`patch ${p.name}: ${rel} has ${count} copies of ${JSON.stringify(from.slice(0, 60))}`);
            }
            text = text.replace(from, () => to);
        }
        applied.set(rel, applied.get(rel) + 1);
    }
    return text;
}

const stripMeta = {
    name: 'strip-attribute-meta',
    setup(build) {
        build.onLoad({ filter: /plotly\.js[\\/]src[\\/].*\.js$/ }, async (args) => {
            let text = await fs.promises.readFile(args.path, 'utf8');
            for (const re of META) text = text.replace(re, '');
            return { contents: patch(args.path, text), loader: 'js' };
        });
        build.onEnd(() => {
            for (const [file, n] of applied) {
                if (n === 0) throw new Error(`patch: ${file} was never loaded`);
            }
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
