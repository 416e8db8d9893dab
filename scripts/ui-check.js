#!/usr/bin/env node
'use strict';
// npm run test:ui: every node of the package in the real n8n editor, in headless Chromium.
//
// Per n8n version: the packed package linked into a throwaway user folder, `n8n start` on
// 127.0.0.1:<free port>, owner account created over REST; the light and dark icon n8n serves
// for each node and credential of the package (/types/*.json iconUrl, then each file); then for each node:
// a new workflow, the node creator (+), a search for the node, the node, its default
// action; the parameter panel (NDV) must show Resource, Operation (with the action's
// value) and the node's main fields (every top-level field shown with the defaults of the
// default version). Then, in the default action (each node's Customer → Create or Update, version 2):
// Map Automatically's notice, Options → Add option listing the options of that mode (Empty Values,
// Unknown Item Fields), Empty Values added with its two choices; Input Mode switched to Map Each
// Field (the dropdown, as a user picks it), the field mapper loaded with one row per field of the
// node's getMappingFields (every required field's label shown) and the Options of that mode.
// Last, the nodes as an AI agent's tools: an AI Agent on a new workflow, each node added from its
// Tool connector as "<node> Tool"; n8n names it "<action> in <tool default name>", which must be
// the expected name and, as the tool's name for the model, within 64 characters; its Map
// Automatically shows the tool notice, not the regular one.
// A node or tool that fails is tried once more from a new page or workflow (a browser's timing can
// fail one try; CI once read an "add field" list before it had any text): the report and
// test-output/ui/summary.json keep the first error ("on the second try"); failing twice fails the check.
// Screenshots: test-output/ui/<version>/<node>.png, <node>-auto.png, <node>-empty-values.png,
// <node>-mapper.png (the last three cropped to the parameter panel), <node>-tool.png.
//
// Usage: node scripts/ui-check.js [VERSION ...]   (default: 1.123.81 2.41.1; env N8N_UI_VERSIONS)
// Needs Chromium (Debian: apt-get install -y chromium; env CHROMIUM overrides /usr/bin/chromium),
// driven by playwright-core, which downloads no browser.

const fs = require('fs');
const os = require('os');
const path = require('path');

const { ROOT, N8N_VERSIONS, ensureN8n, N8nSession } = require('./lib/n8n');
const { buildAndStage } = require('./lib/stage');
const { seconds } = require('./lib/proc');
const { nodeNameToToolName } = require('n8n-workflow'); // the package's dev copy (1.x: never cuts a name)

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
];
const OWNER = { email: 'ui-check@example.com', firstName: 'UI', lastName: 'Check', password: 'UiCheck12345' };
const OUT_DIR = path.join(ROOT, 'test-output', 'ui');
const WAIT_MS = 30000;

// Fields named explicitly, on top of those derived from the node descriptions. None: the nodes
// open at their default version (2), whose upserts start in Map Automatically, with no field
// boxes (version 1's External ID, First Name, Last Name are checked by the frozen-v1 test).
const EXTRA_FIELDS = {};

const say = (s = '') => process.stdout.write(`${s}\n`);
const INPUT_TYPES = new Set(['string', 'number', 'options', 'multiOptions', 'boolean', 'json', 'dateTime', 'color']);

/**
 * Does a property show for the given parameter values (displayOptions.show/hide, plain values
 * only)? '@tool' is whether the node is an AI agent's tool (values['@tool'] === true); other
 * '@' keys are not checked.
 */
function shown(prop, values) {
	const d = prop.displayOptions || {};
	const valueOf = (k) => (k === '@tool' ? values['@tool'] === true : values[k]);
	for (const [k, allowed] of Object.entries(d.show || {})) {
		if (k.startsWith('@') && k !== '@tool') continue;
		if (!allowed.includes(valueOf(k))) return false;
	}
	for (const [k, banned] of Object.entries(d.hide || {})) {
		if (k.startsWith('@') && k !== '@tool') continue;
		if (banned.includes(valueOf(k))) return false;
	}
	return true;
}

/**
 * Does an option of a collection show? Its "/name" keys are the node's parameters, the others the
 * collection's own values (none added yet: an option shown only with another one set is not listed).
 */
function optionShown(option, values, added = {}) {
	const valueOf = (k) => (k.startsWith('/') ? values[k.slice(1)] : added[k]);
	const d = option.displayOptions || {};
	for (const [k, allowed] of Object.entries(d.show || {})) {
		if (!allowed.includes(valueOf(k))) return false;
	}
	for (const [k, banned] of Object.entries(d.hide || {})) {
		if (banned.includes(valueOf(k))) return false;
	}
	return true;
}

/**
 * Version 2's Create or Update, from the built description and methods: the Input Mode choices,
 * Map Automatically's notice, the Options each mode offers, and the mapper's fields as the node's
 * own resourceMapping method lists them (called with the node's parameter values, no credential:
 * a dropdown that needs one stays a value box, as in the editor here).
 */
async function upsertExpectations(version, d, values) {
	const inputMode = d.properties.find((p) => p.name === 'inputMode' && shown(p, values));
	const mapping = d.properties.find((p) => p.type === 'resourceMapper' && shown(p, { ...values, inputMode: 'map' }));
	if (!inputMode || !mapping) return null;
	const modeLabel = (value) => inputMode.options.find((o) => o.value === value).name;
	const notice = d.properties.find((p) => p.type === 'notice' && shown(p, { ...values, inputMode: 'auto' }));
	const options = d.properties.find((p) => p.name === 'options' && p.type === 'collection' && shown(p, values));
	const optionsIn = (mode) => options.options.filter((o) => optionShown(o, { ...values, inputMode: mode }));
	const emptyValues = options.options.find((o) => o.name === 'emptyValues');
	const method = mapping.typeOptions.resourceMapper.resourceMapperMethod;
	const context = {
		getNodeParameter: (name, fallback) => (name in values ? values[name] : fallback),
		getCurrentNodeParameter: (name) => values[name],
		getNode: () => ({ name: d.displayName, type: d.name, typeVersion: d.version, parameters: values }),
		getCredentials: async () => {
			throw new Error('no credential in the editor check');
		},
	};
	const { fields } = await version.methods.resourceMapping[method].call(context);
	return {
		autoLabel: modeLabel('auto'),
		addOptionPlaceholder: options.placeholder || 'Add option',
		mapLabel: modeLabel('map'),
		notice: notice ? notice.displayName : null,
		optionsAuto: optionsIn('auto').map((o) => o.displayName),
		optionsMap: optionsIn('map').map((o) => o.displayName),
		emptyValues: { label: emptyValues.displayName, choices: emptyValues.options.map((o) => o.name), default: emptyValues.options.find((o) => o.value === emptyValues.default).name },
		// rows shown at first; `removed` ones (Client Toolbox's custom_field_##) are offered to add
		mapper: fields.filter((f) => f.display !== false && f.removed !== true).map((f) => ({ id: f.id, label: f.displayName, required: f.required === true })),
		toAdd: fields.filter((f) => f.display !== false && f.removed === true).map((f) => ({ id: f.id, label: f.displayName })),
	};
}

/**
 * What the editor must show for each node of the package, from its built description:
 * the node creator entry, the default resource's default action, and the fields
 * visible by default (Resource, Operation, the node's own fields, EXTRA_FIELDS).
 */
async function nodeExpectations() {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const all = [];
	for (const file of pkg.n8n.nodes) {
		const mod = require(path.join(ROOT, file));
		const Cls = Object.values(mod).find((v) => typeof v === 'function');
		// a versioned node: the editor adds a new node at its default version
		const node = new Cls();
		const version = node.nodeVersions ? node.nodeVersions[node.description.defaultVersion] : node;
		const d = version.description;
		// parameter values with everything at its default (first pass for resource/operation/mode)
		const values = {};
		for (let pass = 0; pass < 3; pass++) {
			for (const p of d.properties) if (shown(p, values) && !(p.name in values)) values[p.name] = p.default;
		}
		const visible = d.properties.filter((p) => shown(p, values));
		const opProp = visible.find((p) => p.name === 'operation');
		const op = opProp && opProp.options.find((o) => o.value === values.operation);
		// every top-level field shown with the defaults: inputs by label and input element,
		// collections ("Additional Fields", "Options") by their label
		const fields = visible
			.filter((p) => !['hidden', 'notice', 'callout', 'button'].includes(p.type))
			.map((p) => ({ name: INPUT_TYPES.has(p.type) ? p.name : null, label: p.displayName }));
		for (const label of EXTRA_FIELDS[d.name] || []) {
			if (!fields.some((f) => f.label === label)) fields.push({ name: null, label });
		}
		// the same node as an AI agent's tool: n8n's generated "<displayName> Tool", named
		// "<action> in <tool default name>" (makeNodeName), and the notices it shows in Map Automatically
		const toolDefaults = (typeof d.usableAsTool === 'object' && d.usableAsTool.replacements?.defaults) || d.defaults;
		const notices = (tool) =>
			d.properties.filter((p) => p.type === 'notice' && shown(p, { ...values, inputMode: 'auto', '@tool': tool })).map((p) => p.displayName);
		const tool = d.usableAsTool
			? {
					itemName: `${d.displayName} Tool`,
					nodeName: `${op ? op.action : d.defaults.name} in ${toolDefaults.name}`,
					// shown only as a tool / only as a regular node
					toolOnly: notices(true).filter((n) => !notices(false).includes(n)),
					regularOnly: notices(false).filter((n) => !notices(true).includes(n)),
				}
			: null;
		all.push({
			name: d.name,
			displayName: d.displayName,
			tool,
			search: d.displayName.split(/[\s(]/)[0],
			action: op ? op.action || op.name : null,
			operationLabel: op ? op.name : null,
			fields,
			credentials: (d.credentials || []).map((c) => c.name),
			upsert: await upsertExpectations(version, d, values),
		});
	}
	return all;
}

/** An n8n dropdown (element-plus select) opened by a click on its trigger: its visible choices. */
async function openDropdown(page, trigger) {
	await trigger.scrollIntoViewIfNeeded({ timeout: WAIT_MS });
	await trigger.click({ timeout: WAIT_MS });
	const items = page.locator('.el-select-dropdown__item >> visible=true');
	await items.first().waitFor({ state: 'visible', timeout: WAIT_MS });
	return items;
}

/** The titles of a dropdown's choices (a choice's text is its name, then its description). */
const titlesOf = async (items) => (await items.allInnerTexts()).map((t) => t.split('\n')[0].trim());

/** Picks the choice titled `label` of an open dropdown. */
async function pick(page, items, label) {
	await items.filter({ has: page.getByText(label, { exact: true }) }).first().click({ timeout: WAIT_MS });
	await items.first().waitFor({ state: 'hidden', timeout: WAIT_MS }).catch(() => {});
}

/** Closes an open dropdown with a second click on its trigger (Escape would close the panel). */
async function closeDropdown(page, trigger) {
	const items = page.locator('.el-select-dropdown__item >> visible=true');
	if (await items.count()) await trigger.click({ timeout: WAIT_MS });
	await items.first().waitFor({ state: 'hidden', timeout: WAIT_MS });
}

const sameList = (seen, expected, what) => {
	if (JSON.stringify(seen) !== JSON.stringify(expected)) throw new Error(`${what} lists ${JSON.stringify(seen)}, expected ${JSON.stringify(expected)}`);
};

/**
 * Version 2's Create or Update, as a user sees it: Map Automatically (the default) with its notice,
 * Options → Add option with that mode's options, Empty Values added and its dropdown open; then
 * Input Mode switched to Map Each Field and the field mapper with every field of the operation.
 * Returns what was seen, for the report.
 */
async function checkInputModes(page, params, node, shot) {
	const u = node.upsert;
	const seen = [];
	const panel = params.locator('xpath=..'); // the parameter column: Parameters tab, scrolled list
	const modeInput = params.locator('[data-test-id="parameter-input-inputMode"]').first();
	const modeValue = () => modeInput.locator('input').first().inputValue({ timeout: WAIT_MS });
	if ((await modeValue()) !== u.autoLabel) throw new Error(`Input Mode shows "${await modeValue()}", expected "${u.autoLabel}"`);
	if (u.notice) {
		await params.getByText(u.notice.slice(0, 60)).first().waitFor({ state: 'visible', timeout: WAIT_MS });
		seen.push('Map Automatically notice');
	}
	for (const text of node.tool ? node.tool.toolOnly : []) {
		if (await params.getByText(text.slice(0, 60)).count()) throw new Error(`the regular node shows the tool-only notice "${text.slice(0, 60)}…"`);
	}
	// Options → Add option: the options of Map Automatically
	const optionsItem = params.locator('[data-test-id="parameter-item"]', { has: page.locator('label[for="options"]') }).last();
	const addOption = optionsItem.locator(`input[placeholder="${u.addOptionPlaceholder}"]`).first();
	let items = await openDropdown(page, addOption);
	sameList(await titlesOf(items), u.optionsAuto, 'Options → Add option (Map Automatically)');
	await pick(page, items, u.emptyValues.label);
	const empty = params.locator('[data-test-id="parameter-input-emptyValues"]').first();
	const emptyValue = await empty.locator('input').first().inputValue({ timeout: WAIT_MS });
	if (emptyValue !== u.emptyValues.default) throw new Error(`${u.emptyValues.label} shows "${emptyValue}", expected "${u.emptyValues.default}"`);
	const modeOptions = u.optionsAuto.filter((o) => o === u.emptyValues.label || !u.optionsMap.includes(o));
	seen.push(`Options → Add option: ${u.optionsAuto.length} options with ${modeOptions.join(', ')}; ${u.emptyValues.label}: ${u.emptyValues.choices.join(' / ')}`);
	await params.evaluate((el) => el.scrollTo(0, 0));
	await shot('-auto', panel, [optionsItem]);
	items = await openDropdown(page, empty);
	sameList(await titlesOf(items), u.emptyValues.choices, u.emptyValues.label);
	await page.waitForTimeout(500); // the dropdown fades in
	await shot('-empty-values', panel, [optionsItem, page.locator('.el-select-dropdown >> visible=true').first()]);
	await closeDropdown(page, empty);
	// Input Mode → Map Each Field, picked from the dropdown
	items = await openDropdown(page, modeInput);
	await pick(page, items, u.mapLabel);
	if ((await modeValue()) !== u.mapLabel) throw new Error(`Input Mode shows "${await modeValue()}" after picking "${u.mapLabel}"`);
	// the mapper loads its fields from the node's method (a request to n8n), then one row per field
	const mapper = params.locator('[data-test-id="mapping-fields-container"]').first();
	await mapper.waitFor({ state: 'visible', timeout: WAIT_MS });
	const required = u.mapper.filter((f) => f.required);
	for (const f of required.length ? required : u.mapper.slice(0, 3)) {
		await mapper.locator('label').getByText(f.label, { exact: true }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
		await mapper.locator(`[data-test-id="parameter-input-${f.id}"]`).first().waitFor({ state: 'visible', timeout: WAIT_MS });
	}
	const rows = await mapper.evaluate((el) =>
		[...el.querySelectorAll('label[for^="value["]')].map((l) => ({ id: JSON.parse(l.getAttribute('for').slice(6, -1)), label: l.innerText.split('\n')[0].trim() })),
	);
	const missing = u.mapper.filter((f) => !rows.some((r) => r.id === f.id && r.label === f.label));
	if (missing.length) throw new Error(`the mapper lacks ${missing.map((f) => `"${f.label}" (${f.id})`).join(', ')}; it shows ${rows.map((r) => r.label).join(', ')}`);
	const extra = rows.filter((r) => !u.mapper.some((f) => f.id === r.id));
	if (extra.length) throw new Error(`the mapper shows fields the node does not list: ${extra.map((r) => `"${r.label}" (${r.id})`).join(', ')}`);
	seen.push(`Map Each Field: ${rows.length} fields${required.length ? ` (required ${required.map((f) => f.label).join(', ')})` : ', none required'}`);
	await params.evaluate((el) => el.scrollTo(0, 0));
	await shot('-mapper', panel, [mapper]);
	// Options in Map Each Field: Empty Values stays (added above), Unknown Item Fields is Map Automatically's only
	await empty.waitFor({ state: 'visible', timeout: WAIT_MS });
	items = await openDropdown(page, addOption);
	sameList(await titlesOf(items), u.optionsMap.filter((o) => o !== u.emptyValues.label), 'Options → Add option (Map Each Field)');
	await closeDropdown(page, addOption);
	// the select keeps the focus, and would take the Escape that closes the panel for the next node
	await page.evaluate(() => document.activeElement && document.activeElement.blur());
	// the fields not shown at first (Client Toolbox's custom_field_##) are offered by "Add field to send"
	if (u.toAdd.length) {
		// 1.x: a select; 2.x: an "Add field to send" button opening a menu
		const select = params.locator('[data-test-id="add-fields-select"]').first();
		const addField = (await select.count()) ? select : params.getByRole('button', { name: /add field/i }).first();
		await addField.scrollIntoViewIfNeeded({ timeout: WAIT_MS });
		const trigger = (await addField.locator('[aria-haspopup="menu"] button').count()) ? addField.locator('[aria-haspopup="menu"] button').first() : addField;
		// the list's items: a select's choices (1.x) or a menu's items (2.x). Other menu items may be on
		// the page already (n8n's side bar, icons only when collapsed), so wait for the first field to add
		// to be listed, not for any item; a click that opened no list is tried once more.
		const menu = page.locator('.el-select-dropdown__item, [role="menuitem"]').locator('visible=true').filter({ hasText: /\S/ });
		const first = menu.filter({ hasText: new RegExp(`^\\s*${u.toAdd[0].label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }).first();
		const opened = async () => first.waitFor({ state: 'visible', timeout: 8000 }).then(() => true, () => false);
		await trigger.click({ timeout: WAIT_MS });
		if (!(await opened())) {
			const listOpen = await page.locator('.el-select-dropdown, [role="menu"]').locator('visible=true').count();
			if (!listOpen) await trigger.click({ timeout: WAIT_MS });
			if (!(await first.waitFor({ state: 'visible', timeout: WAIT_MS }).then(() => true, () => false))) {
				const html = await addField.evaluate((el) => el.outerHTML.slice(0, 600));
				const poppers = await page.locator('.el-popper >> visible=true').allInnerTexts();
				const listed = await page.locator('.el-select-dropdown__item, [role="menuitem"]').locator('visible=true')
					.evaluateAll((els) => els.map((e) => `${e.tagName.toLowerCase()}.${e.className} "${e.innerText.trim()}"`.slice(0, 120)));
				throw new Error(`the mapper's "add field" control lists no "${u.toAdd[0].label}": ${html} | visible poppers: ${JSON.stringify(poppers).slice(0, 600)} | visible items: ${JSON.stringify(listed).slice(0, 800)}`);
			}
		}
		const offered = await titlesOf(menu);
		const notOffered = u.toAdd.filter((f) => !offered.includes(f.label));
		if (notOffered.length) throw new Error(`the mapper's fields to add lack ${notOffered.map((f) => f.label).join(', ')}; it offers ${offered.join(', ')}`);
		await first.scrollIntoViewIfNeeded({ timeout: WAIT_MS }).catch(() => {});
		await shot('-mapper-add', panel, [first]);
		// the last step: Escape closes the list (and, on n8n 2, the node's panel, which the next node closes anyway)
		await page.keyboard.press('Escape');
		seen.push(`${u.toAdd.length} more to add (${u.toAdd[0].label} … ${u.toAdd[u.toAdd.length - 1].label})`);
	}
	return seen;
}

/**
 * Adds one node through the node creator and checks its parameter panel. On a fresh
 * page it opens /workflow/new first; otherwise it closes the open panel and adds the
 * node to the same canvas (saves the editor's 5-10 s start per node).
 */
async function checkNode(page, base, node, outDir, { fresh }) {
	// the whole page, or the parameter column cut below the last of `upTo` (widened to hold an open dropdown)
	const shot = async (suffix = '', panel = null, upTo = []) => {
		const file = path.join(outDir, `${node.name}${suffix}.png`);
		if (!panel) return page.screenshot({ path: file });
		const p = await panel.boundingBox();
		const boxes = (await Promise.all(upTo.map((l) => l.boundingBox().catch(() => null)))).filter(Boolean);
		const viewport = page.viewportSize();
		const right = Math.min(viewport.width, Math.max(p.x + p.width, ...boxes.map((b) => b.x + b.width + 8)));
		const bottom = Math.min(p.y + p.height, viewport.height, boxes.length ? Math.max(...boxes.map((b) => b.y + b.height + 16)) : Infinity);
		return page.screenshot({ path: file, clip: { x: p.x, y: p.y, width: right - p.x, height: bottom - p.y } });
	};
	const t = Date.now();
	const mark = (what) => process.env.UI_CHECK_DEBUG && say(`      ${what} at ${seconds(Date.now() - t)}`);
	const visible = (sel) => page.locator(`${sel} >> visible=true`).first();
	try {
		if (fresh) {
			await page.goto(`${base}/workflow/new`, { waitUntil: 'domcontentloaded', timeout: 60000 });
		} else {
			await page.keyboard.press('Escape');
			await page.locator('[data-test-id="node-parameters"] >> visible=true').waitFor({ state: 'detached', timeout: WAIT_MS });
		}
		mark('canvas ready');
		await visible('[data-test-id="node-creator-plus-button"]').click({ timeout: WAIT_MS });
		const creator = visible('[data-test-id="node-creator"]');
		await creator.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]').first().fill(node.search, { timeout: WAIT_MS });
		const item = creator.locator('[data-test-id="node-creator-item-name"]', { hasText: node.displayName }).first();
		await item.waitFor({ state: 'visible', timeout: WAIT_MS });
		mark('found in the node creator');
		await shot('-search');
		await item.click();
		if (node.action) {
			// the node's actions, one per resource + operation (its "action" text); scoped to the
			// creator: nodes on the canvas may carry the same text as their name
			await creator.getByText(node.action, { exact: true }).first().click({ timeout: WAIT_MS });
		}
		const params = visible('[data-test-id="node-parameters"]');
		await params.waitFor({ state: 'visible', timeout: WAIT_MS });
		mark('parameter panel open');
		const seen = [];
		for (const f of node.fields) {
			// a label's text also holds the hidden "Fixed / Expression" switch: match the title only
			const label = params.locator('label').getByText(f.label, { exact: true }).first();
			await label.waitFor({ state: 'visible', timeout: WAIT_MS });
			if (f.name) await params.locator(`[data-test-id="parameter-input-${f.name}"]`).first().waitFor({ state: 'visible', timeout: WAIT_MS });
			seen.push(f.label);
		}
		if (node.operationLabel) {
			const value = await params.locator('[data-test-id="parameter-input-operation"] input').first().inputValue({ timeout: WAIT_MS });
			if (value !== node.operationLabel) throw new Error(`Operation shows "${value}", expected "${node.operationLabel}"`);
		}
		mark('fields checked');
		await shot();
		if (node.upsert) {
			seen.push(...(await checkInputModes(page, params, node, shot)));
			mark('input modes checked');
		}
		return { node: node.name, ok: true, fields: seen, ms: Date.now() - t, screenshot: path.relative(ROOT, path.join(outDir, `${node.name}.png`)) };
	} catch (e) {
		await shot('-FAILED').catch(() => {});
		return { node: node.name, ok: false, error: e.message.split('\n')[0], ms: Date.now() - t, screenshot: path.relative(ROOT, path.join(outDir, `${node.name}-FAILED.png`)) };
	}
}

/**
 * The nodes as an AI agent's tools, added as a user does: an AI Agent on a new workflow, then each
 * tool from the agent's Tool connector (the node creator lists "<node> Tool"). n8n names the tool
 * node "<action> in <tool default name>" and that name, with "_" for other characters, is the tool's
 * name for the model: it must be the expected one and fit the 64 characters OpenAI and Anthropic
 * accept. The tool opens in Map Automatically, with the tool-only notice and without the regular one.
 */
async function checkTools(page, base, nodes, outDir) {
	const results = [];
	const visible = (selector) => page.locator(`${selector} >> visible=true`).first();
	const searchIn = (creator) => creator.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]').first();
	const toolPlus = page.locator('.vue-flow__handle-inputs\\/ai_tool\\/0 [data-test-id="canvas-handle-plus"]').first();
	/** A new workflow with an AI Agent, its panel closed: at the start and after a failed tool. */
	const newAgent = async () => {
		await page.goto(`${base}/workflow/new`, { waitUntil: 'domcontentloaded', timeout: 60000 });
		await visible('[data-test-id="node-creator-plus-button"]').click({ timeout: WAIT_MS });
		const creator = visible('[data-test-id="node-creator"]');
		await searchIn(creator).fill('AI Agent', { timeout: WAIT_MS });
		await creator.locator('[data-test-id="node-creator-item-name"]', { hasText: /^AI Agent$/ }).first().click({ timeout: WAIT_MS });
		// the agent's panel opens (2.x adds a chat trigger too): closed to reach its Tool connector
		await page.locator('[data-test-id="node-parameters"] >> visible=true').waitFor({ state: 'visible', timeout: WAIT_MS }).catch(() => {});
		await page.keyboard.press('Escape');
		// 1.x may keep the creator open a moment after adding the agent: a click then would close it
		await page.locator('[data-test-id="node-creator"]').first().waitFor({ state: 'hidden', timeout: WAIT_MS });
		await toolPlus.waitFor({ state: 'visible', timeout: WAIT_MS });
	};
	const tools = nodes.filter((n) => n.tool);
	if (tools.length !== nodes.length) {
		const missing = nodes.filter((n) => !n.tool).map((n) => n.displayName);
		results.push({ node: 'nodes as tools', ok: false, error: `not usable as a tool: ${missing.join(', ')}`, fields: [], ms: 0 });
	}
	let fresh = true;
	const attempt = async (node) => {
		const t = Date.now();
		const r = { node: `${node.displayName} as a tool`, ok: true, fields: [], ms: 0 };
		try {
			if (fresh) await newAgent();
			fresh = false;
			await page.locator('[data-test-id="node-parameters"] >> visible=true').waitFor({ state: 'detached', timeout: WAIT_MS });
			// on 1.x the first click after a panel closed may only focus the canvas: clicked again when no creator opened
			const creator = visible('[data-test-id="node-creator"]');
			for (let attempt = 1; ; attempt++) {
				await toolPlus.click({ timeout: WAIT_MS, force: true });
				if (await searchIn(creator).waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false)) break;
				if (attempt === 3) throw new Error("the AI Agent's Tool connector opened no node creator after 3 clicks");
			}
			await searchIn(creator).fill(node.search, { timeout: WAIT_MS });
			await creator.locator('[data-test-id="node-creator-item-name"]', { hasText: node.tool.itemName }).first().click({ timeout: WAIT_MS });
			const params = visible('[data-test-id="node-parameters"]');
			await params.waitFor({ state: 'visible', timeout: WAIT_MS });
			const title = (await visible('[data-test-id="node-title-container"]').innerText({ timeout: WAIT_MS })).trim();
			if (title !== node.tool.nodeName) throw new Error(`the tool node is named "${title}", expected "${node.tool.nodeName}"`);
			const toolName = nodeNameToToolName(title); // the model's tool name as n8n 1.x makes it: whole (2.x cuts at 64)
			if (!/^[a-zA-Z0-9_-]{1,64}$/.test(toolName)) throw new Error(`the tool's name "${toolName}" (${toolName.length} characters) is longer than the 64 a model accepts`);
			r.fields.push(`named "${title}" (tool name ${toolName.length} characters)`);
			for (const text of node.tool.toolOnly) await params.getByText(text.slice(0, 60)).first().waitFor({ state: 'visible', timeout: WAIT_MS });
			for (const text of node.tool.regularOnly) {
				if (await params.getByText(text.slice(0, 60)).count()) throw new Error(`the tool shows the regular node's notice "${text.slice(0, 60)}…"`);
			}
			if (node.tool.toolOnly.length) r.fields.push('the tool notice in Map Automatically');
			await page.waitForTimeout(500); // the panel fades in (the screenshot only; the checks above waited)
			await page.screenshot({ path: path.join(outDir, `${node.name}-tool.png`) });
			r.screenshot = path.relative(ROOT, path.join(outDir, `${node.name}-tool.png`));
			await page.keyboard.press('Escape');
		} catch (e) {
			await page.screenshot({ path: path.join(outDir, `${node.name}-tool-FAILED.png`) }).catch(() => {});
			Object.assign(r, { ok: false, error: e.message.split('\n')[0], screenshot: path.relative(ROOT, path.join(outDir, `${node.name}-tool-FAILED.png`)) });
			fresh = true; // the next try starts from a new workflow
		}
		r.ms = Date.now() - t;
		return r;
	};
	for (const node of tools) {
		let r = await attempt(node);
		if (!r.ok) {
			// once more from a new workflow; the report keeps the first error
			const second = await attempt(node);
			r = second.ok ? { ...second, retried: r.error } : { ...second, error: `${second.error} (twice; the first try: ${r.error})` };
		}
		results.push(r);
	}
	return results;
}

/**
 * The light and dark icon of each node and credential of the package, as n8n serves them to the
 * editor: the type's iconUrl must be { light, dark } (two different files), each answered with an SVG.
 */
async function checkIcons(request, base, types, kind) {
	const results = [];
	for (const t of types.filter((x) => x.name.startsWith(kind === 'node' ? 'n8n-nodes-customer-sync.' : ''))) {
		const r = { node: `${t.name} icons`, ok: true, fields: [], ms: 0 };
		try {
			const url = t.iconUrl;
			if (!url || typeof url !== 'object' || !url.light || !url.dark) throw new Error(`iconUrl is ${JSON.stringify(url)}, not { light, dark }`);
			if (url.light === url.dark) throw new Error('the light and dark icons are the same file');
			for (const variant of ['light', 'dark']) {
				const res = await request.get(`${base}/${url[variant]}`);
				const body = await res.text();
				if (res.status() !== 200 || !body.startsWith('<svg')) throw new Error(`${variant} icon ${url[variant]}: HTTP ${res.status()}, ${body.slice(0, 40)}`);
				r.fields.push(`${variant} ${url[variant].split('/').pop()}`);
			}
		} catch (e) {
			Object.assign(r, { ok: false, error: e.message });
		}
		results.push(r);
	}
	return results;
}

async function checkVersion(version, { staged, workDir, chromium, nodes }) {
	const outDir = path.join(OUT_DIR, version);
	fs.rmSync(outDir, { recursive: true, force: true });
	fs.mkdirSync(outDir, { recursive: true });
	const log = (l) => say(`    ${l}`);
	const runtime = await ensureN8n(version, { log });
	const session = new N8nSession(runtime, { pkgDir: staged.pkgDir, workDir, log });
	await session.init();
	const server = await session.start();
	let browser;
	try {
		browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
		const context = await browser.newContext({ viewport: { width: 1400, height: 1200 } });
		// owner account + login over REST; the browser context shares the session cookie
		const setup = await context.request.post(`${server.url}/rest/owner/setup`, { data: OWNER });
		if (setup.status() !== 200) throw new Error(`owner setup: HTTP ${setup.status()} ${(await setup.text()).slice(0, 300)}`);
		const login = await context.request.post(`${server.url}/rest/login`, {
			data: { emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password },
		});
		if (login.status() !== 200) throw new Error(`login: HTTP ${login.status()}`);
		// the package's node types are registered with the running n8n
		const types = await context.request.get(`${server.url}/types/nodes.json`);
		const nodeTypes = await types.json();
		const typeNames = nodeTypes.map((t) => t.name);
		const results = [];
		const credentialTypes = await (await context.request.get(`${server.url}/types/credentials.json`)).json();
		const ours = new Set(nodes.flatMap((n) => n.credentials || []));
		for (const r of [
			...(await checkIcons(context.request, server.url, nodeTypes, 'node')),
			...(await checkIcons(context.request, server.url, credentialTypes.filter((c) => ours.has(c.name)), 'credential')),
		]) {
			say(`    ${r.ok ? '✓' : '✗'} ${r.node}: ${r.ok ? r.fields.join(', ') : r.error}`);
			results.push(r);
		}
		let page = null;
		const consoleErrors = [];
		const openPage = async () => {
			const opened = await context.newPage();
			// the browser console's errors, reported (n8n's own offline ones included), not failed on
			opened.on('console', (m) => {
				if (m.type() !== 'error') return;
				const where = m.location() && m.location().url;
				consoleErrors.push(`${m.text().split('\n')[0]}${where && !m.text().includes(where) ? ` (${where.replace(server.url, '')})` : ''}`);
			});
			opened.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message.split('\n')[0]}`));
			return opened;
		};
		for (const node of nodes) {
			const type = `n8n-nodes-customer-sync.${node.name}`;
			if (!typeNames.includes(type)) {
				results.push({ node: node.name, ok: false, error: `${type} is not in /types/nodes.json` });
				continue;
			}
			const fresh = !page;
			if (fresh) page = await openPage();
			let r = await checkNode(page, server.url, node, outDir, { fresh });
			if (!r.ok) {
				// once more from a clean editor (a browser's timing, not the node, can fail one try: the
				// report keeps the first error); a node that fails twice fails the check
				await page.close({ runBeforeUnload: false });
				page = await openPage();
				const second = await checkNode(page, server.url, node, outDir, { fresh: true });
				r = second.ok ? { ...second, retried: r.error } : { ...second, error: `${second.error} (twice; the first try: ${r.error})` };
				if (!r.ok) {
					// start the next node from a clean editor
					await page.close({ runBeforeUnload: false });
					page = null;
				}
			}
			const note = r.retried ? ` (on the second try; the first failed: ${r.retried})` : '';
			say(`    ${r.ok ? '✓' : '✗'} ${node.displayName}: ${r.ok ? `${r.fields.join(', ')} visible` : r.error} (${seconds(r.ms)}; ${r.screenshot})${note}`);
			results.push(r);
		}
		if (page) await page.close({ runBeforeUnload: false });
		page = await context.newPage();
		for (const r of await checkTools(page, server.url, nodes, outDir)) {
			const note = r.retried ? ` (on the second try; the first failed: ${r.retried})` : '';
			say(`    ${r.ok ? '✓' : '✗'} ${r.node}: ${r.ok ? r.fields.join(', ') : r.error} (${seconds(r.ms)}; ${r.screenshot})${note}`);
			results.push(r);
		}
		await page.close({ runBeforeUnload: false });
		const distinct = [...new Set(consoleErrors)];
		if (distinct.length) say(`    browser console: ${consoleErrors.length} errors: ${distinct.slice(0, 8).join(' | ')}`);
		return { version, startMs: server.ms, results, consoleErrors: distinct };
	} finally {
		if (browser) await browser.close();
		await server.stop();
		session.cleanup();
	}
}

async function main() {
	const args = process.argv.slice(2);
	const versions = args.length ? args : process.env.N8N_UI_VERSIONS ? process.env.N8N_UI_VERSIONS.split(',') : N8N_VERSIONS;
	if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM)`);
	const { chromium } = require('playwright-core');
	const t0 = Date.now();
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'customer-sync-ui-'));
	try {
		say('Editor check: the package in the real n8n editor, headless Chromium');
		const staged = await buildAndStage({ workDir, log: (l) => say(`    ${l}`) });
		const nodes = await nodeExpectations();
		const all = [];
		for (const version of versions) {
			say(`n8n ${version}`);
			try {
				all.push(await checkVersion(version, { staged, workDir, chromium, nodes }));
			} catch (e) {
				say(`    ✗ ${e.message.split('\n').slice(0, 5).join('\n      ')}`);
				all.push({ version, error: e.message, results: [] });
			}
		}
		fs.mkdirSync(OUT_DIR, { recursive: true });
		fs.writeFileSync(path.join(OUT_DIR, 'summary.json'), `${JSON.stringify({ versions: all, totalMs: Date.now() - t0 }, null, 2)}\n`);
		const failed = all.filter((v) => v.error || v.results.some((r) => !r.ok));
		say();
		for (const v of all) {
			const ok = v.results.filter((r) => r.ok).length;
			const retried = v.results.filter((r) => r.ok && r.retried).length;
			say(`  n8n ${v.version}: ${v.error ? `FAILED: ${v.error.split('\n')[0]}` : `${ok}/${v.results.length} nodes ok${retried ? ` (${retried} on a second try)` : ''}`}${v.startMs ? ` (editor up in ${seconds(v.startMs)})` : ''}`);
		}
		say(`  Screenshots: ${path.relative(process.cwd(), OUT_DIR)}/<version>/<node>{,-auto,-empty-values,-mapper,-tool}.png; took ${seconds(Date.now() - t0)}`);
		return failed.length ? 1 : 0;
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

if (require.main === module) {
	main().then(
		(code) => process.exit(code),
		(err) => {
			process.stderr.write(`ui check failed: ${err.stack || err}\n`);
			process.exit(1);
		},
	);
}

module.exports = { nodeExpectations, checkNode };
