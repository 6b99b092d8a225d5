/* Accessibility repairs of third-party markup, and the document's language (issue 16, WCAG 2.1 AA;
 * checked by tests/browser/test_a11y.py with axe-core). One MutationObserver applies them to every
 * component as it is rendered, so dropdowns and sliders that callbacks render later are repaired too.
 *
 * 1. dcc.Dropdown (Dash 4.x) puts a hidden <input class="dash-dropdown-focus-target" tabindex="0"
 *    aria-hidden="true"> before its trigger <button tabindex="-1">; the input forwards Tab focus to
 *    the button. It is a Safari workaround (plotly/dash#3673, "dcc.Dropdown unreachable via tab key
 *    navigation", fixed by plotly/dash#3740), and it leaves a focusable element hidden from
 *    assistive technology (WCAG 4.1.2, axe aria-hidden-focus): a screen reader user tabs onto a
 *    nameless thing before reaching the dropdown. Dash offers no prop to turn it off, so the input
 *    becomes `inert` (no focus, no accessibility node) and the button itself gets tabindex="0",
 *    like every other button of the app. React never sets `inert`, and sets the button's tabIndex
 *    only when its prop changes (it is constant), so the repair holds across re-renders.
 * 2. The dropdown button is named by aria-labelledby="<id>-value-count <id>-value" only: its
 *    <label for> is ignored, and a multi-select's name ("2 selected Kab. A, Kota B") does not
 *    contain its visible text in order (axe label-content-name-mismatch, WCAG 2.5.3). It becomes
 *    "<label> <value> <count>".
 * 3. dcc.Slider's thumb (role="slider", axe aria-input-field-name) and dcc.Upload's file input
 *    (the keyboard's way into the drop zone, axe label) have no name and take no aria props: they
 *    get aria-label from the data-control-label of their nearest ancestor, which the page sets in
 *    its language.
 * 4. An open dropdown's list (rendered in a popover at the end of the body) is a listbox without a
 *    name (axe aria-input-field-name), and each option is a <label role="option"> around the radio
 *    or checkbox that takes focus while the arrow keys move through the list: an interactive
 *    control inside an option (axe nested-interactive, WCAG 4.1.2). The list and its popover get
 *    the dropdown's label (the button whose aria-controls names the popover); the option role and
 *    its aria-selected move from the label onto the focused input, and the label becomes
 *    presentational. React sets aria-selected on the label again only when the selection changes;
 *    the observer below watches that attribute and moves it again.
 * 5. <html lang> is rendered by the server for the first paint (dashboard/app.py). Dash Pages
 *    changes the page without a reload (language switch, back/forward), so the document follows the
 *    lang attribute of the page's root element (components/shell.frame, the wall's root).
 */
(function () {
    "use strict";

    function each(root, selector, repair) {
        if (root.matches(selector)) {
            repair(root);
        }
        root.querySelectorAll(selector).forEach(repair);
    }

    function inertFocusTarget(input) {
        input.inert = true;
        var button = input.nextElementSibling;
        if (button && button.matches("button.dash-dropdown") && button.tabIndex !== 0) {
            button.tabIndex = 0;
        }
    }

    function nameDropdown(button) {
        var id = button.id;
        if (!id) {
            return;
        }
        var ids = [id + "-value", id + "-value-count"];
        var label = document.querySelector('label[for="' + CSS.escape(id) + '"]');
        if (label) {
            label.id = label.id || id + "-label";
            ids.unshift(label.id);
        }
        var wanted = ids.join(" ");
        if (button.getAttribute("aria-labelledby") !== wanted) {
            button.setAttribute("aria-labelledby", wanted);
        }
    }

    function nameControl(control) {
        var holder = control.closest("[data-control-label]");
        var name = holder && holder.getAttribute("data-control-label");
        if (name && control.getAttribute("aria-label") !== name) {
            control.setAttribute("aria-label", name);
        }
    }

    function nameOptionList(list) {
        var popover = list.closest("[role=dialog][id]");
        var button = popover && document.querySelector(
            'button.dash-dropdown[aria-controls="' + CSS.escape(popover.id) + '"]');
        var names = button && button.getAttribute("aria-labelledby");
        if (names) {
            var label = names.split(" ")[0]; // the dropdown's own label first (nameDropdown)
            [list, popover].forEach(function (el) {
                if (el.getAttribute("aria-labelledby") !== label) {
                    el.setAttribute("aria-labelledby", label);
                }
            });
        }
    }

    function optionOnInput(label) {
        var input = label.querySelector("input.dash-options-list-option-checkbox");
        if (!input) {
            return;
        }
        var selected = label.getAttribute("aria-selected");
        if (label.getAttribute("role") === "option") {
            label.setAttribute("role", "none");
        }
        if (selected !== null) {
            label.removeAttribute("aria-selected");
            input.setAttribute("aria-selected", selected);
        } else if (!input.hasAttribute("aria-selected")) {
            input.setAttribute("aria-selected", String(input.checked));
        }
        if (input.getAttribute("role") !== "option") {
            input.setAttribute("role", "option");
        }
    }

    function repair(node) {
        if (node.nodeType !== 1 || node instanceof SVGElement) {
            return; // plotly's SVG churn is most of the mutations: skip it cheaply
        }
        each(node, ".dash-dropdown-focus-target:not([inert])", inertFocusTarget);
        each(node, "button.dash-dropdown", nameDropdown);
        each(node, "label[for]", function (label) { // a label drawn after its dropdown
            var button = document.getElementById(label.htmlFor);
            if (button && button.matches("button.dash-dropdown")) {
                nameDropdown(button);
            }
        });
        each(node, ".dash-slider-thumb, input[type=file]", nameControl);
        each(node, ".dash-options-list[role=listbox]", nameOptionList);
        each(node, "label.dash-options-list-option", optionOnInput);
    }

    function syncLang() {
        var root = document.querySelector("#_pages_content [lang]");
        var lang = root && root.getAttribute("lang");
        if (lang && document.documentElement.lang !== lang) {
            document.documentElement.lang = lang;
        }
    }

    new MutationObserver(function (records) {
        records.forEach(function (record) {
            if (record.type === "childList") {
                record.addedNodes.forEach(repair);
            } else {
                repair(record.target); // a label or language changed on a re-rendered page
            }
        });
        syncLang();
    }).observe(document.body, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ["lang", "data-control-label", "aria-selected"],
    });
    repair(document.body);
    syncLang();
})();
