/* Component libraries fetched on first render instead of on every page (issue 16, SPEC P2).
 * dashboard/pages/lazy_scripts.py takes dash-ag-grid's bundle (1.3 MB) out of the page and writes
 * its URL into the JSON block #kc-lazy-scripts. Here window.dash_ag_grid.AgGrid is a stand-in the
 * Dash renderer resolves like any component: its first render loads the real bundle once and then
 * renders the real grid with the same props (dcc's async components work the same way). The real
 * library's other exports (getApi, ...) are copied onto the stand-in namespace when it arrives. */
(function () {
    'use strict';
    var block = document.getElementById('kc-lazy-scripts');
    if (!block || window.dash_ag_grid) {
        return;
    }
    var urls = JSON.parse(block.textContent);
    var React = window.React;

    function lazyLibrary(namespace, names) {
        var stub = {};
        var real = {};
        var loading = null;

        function load() {
            if (!loading) {
                loading = new Promise(function (resolve, reject) {
                    var script = document.createElement('script');
                    script.src = urls[namespace];
                    script.onload = function () {
                        var lib = window[namespace];
                        Object.keys(lib).forEach(function (key) {
                            if (names.indexOf(key) < 0) {
                                stub[key] = lib[key];
                            }
                        });
                        names.forEach(function (name) {
                            real[name] = lib[name];
                        });
                        window[namespace] = stub; // keep one component type per name
                        resolve();
                    };
                    script.onerror = function () {
                        loading = null;
                        reject(new Error(namespace + ' did not load from ' + urls[namespace]));
                    };
                    document.head.appendChild(script);
                });
            }
            return loading;
        }

        names.forEach(function (name) {
            function Lazy(props) {
                var state = React.useState(function () {
                    return real[name] || null;
                });
                var Component = state[0];
                var setComponent = state[1];
                React.useEffect(function () {
                    var alive = true;
                    if (!Component) {
                        load().then(function () {
                            if (alive) {
                                setComponent(function () {
                                    return real[name];
                                });
                            }
                        });
                    }
                    return function () {
                        alive = false;
                    };
                }, []);
                if (Component) {
                    return React.createElement(Component, props);
                }
                // same box as the grid will have, so the page does not jump when it arrives
                return React.createElement('div', {
                    id: props.id,
                    className: props.className,
                    style: props.style,
                    'aria-busy': 'true',
                });
            }
            Lazy.displayName = 'Lazy(' + namespace + '.' + name + ')';
            stub[name] = Lazy;
        });
        window[namespace] = stub;
    }

    if (urls.dash_ag_grid) {
        lazyLibrary('dash_ag_grid', ['AgGrid']);
    }
})();
