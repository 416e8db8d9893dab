'use strict';
/**
 * Test implementation of n8n-workflow's IDataDeduplicator: what n8n-core's
 * DataDeduplicationService (this.helpers.checkProcessedAndRecord, removeProcessed,
 * clearAllProcessedItems, getProcessedDataCount) delegates to.
 *
 * In n8n itself this is `DeduplicationHelper` in the CLI package
 * (packages/cli/src/deduplication/deduplication-helper.ts; read in the installed n8n
 * 1.123.81 and 2.41.1: dist/deduplication/deduplication-helper.js, the same code in both),
 * which keeps one row of the `processed_data` table per (workflowId, context) through
 * ProcessedDataRepository. This class mirrors its logic method by method, with an in-memory
 * table instead of the database:
 *
 *  - context:   scope 'node' -> `n:<node id>` (an error without a node), 'workflow' -> ''.
 *  - values:    each item is stored as md5(String(item)) in base64; never the item itself.
 *  - entries:   checkProcessedAndRecord reads the row, answers { new, processed } (items whose
 *               hash the row holds are processed; the others new, in the order given), appends
 *               the new hashes and, with maxEntries, drops the oldest past it; then writes the
 *               whole row back (no lock: two callers at once can lose one's additions, as in n8n).
 *               The first call for a context inserts the row with the hashes (the last
 *               maxEntries) and answers every item as new.
 *  - latest modes (latestIncrementalKey, latestDate): one value per row, compared.
 *  - a row saved in another mode: DeduplicationError ("incompatible setting").
 *  - removeProcessed: removes each hash once (entries mode only); clearAllProcessedItems
 *    deletes the row; getProcessedDataCount: the row's number of entries (entries mode).
 *  - errors are n8n's: `Deduplication Failed: …`.
 *
 * For tests: `calls` (every call: { method, items, scope, context, options }), `rows()`,
 * `failNext(n, message)` (the next n calls reject, like a database that is down), `reset()`.
 * Rows are stored as JSON text, as the database stores `value`.
 */
const { createHash } = require('node:crypto');
const assert = require('node:assert/strict');
const { UnexpectedError, tryToParseDateTime } = require('n8n-workflow');

class DeduplicationError extends UnexpectedError {
	constructor(message) {
		super(`Deduplication Failed: ${message}`);
	}
}

class HarnessDeduplicationHelper {
	constructor() {
		this.reset();
	}

	reset() {
		/** `${workflowId}\u0000${context}` -> { workflowId, context, value: JSON text } */
		this.table = new Map();
		this.calls = [];
		this.failures = [];
	}

	/** The next `count` calls reject with `message` (a database that is down or full). */
	failNext(count = 1, message = 'SQLITE_BUSY: database is locked') {
		for (let i = 0; i < count; i++) this.failures.push(message);
	}

	/** Every row, its value parsed: [{ workflowId, context, value: { mode, data } }]. */
	rows() {
		return [...this.table.values()].map((row) => ({ ...row, value: JSON.parse(row.value) }));
	}

	// ---- what n8n's DeduplicationHelper does --------------------------------------------

	static createContext(scope, contextData) {
		if (scope === 'node') {
			if (!contextData.node) {
				throw new DeduplicationError("No node information has been provided and so cannot use scope 'node'");
			}
			return `n:${contextData.node.id}`;
		}
		return '';
	}

	static createValueHash(value) {
		return createHash('md5').update(value.toString()).digest('base64');
	}

	static compareValues(mode, value1, value2) {
		if (mode === 'latestIncrementalKey') {
			const num1 = Number(value1);
			const num2 = Number(value2);
			if (!isNaN(num1) && !isNaN(num2)) return num1 === num2 ? 0 : num1 > num2 ? 1 : -1;
			throw new DeduplicationError('Invalid value. Only numbers are supported in mode "latestIncrementalKey"');
		}
		if (mode === 'latestDate') {
			try {
				const date1 = tryToParseDateTime(value1);
				const date2 = tryToParseDateTime(value2);
				return date1 === date2 ? 0 : date1 > date2 ? 1 : -1;
			} catch {
				throw new DeduplicationError('Invalid value. Only valid dates are supported in mode "latestDate"');
			}
		}
		throw new DeduplicationError("Invalid mode. Only 'latestIncrementalKey' and 'latestDate' are supported.");
	}

	async checkProcessedAndRecord(items, scope, contextData, options) {
		const context = await this.enter('checkProcessedAndRecord', items, scope, contextData, options);
		assert.ok(contextData.workflow.id);
		const row = this.find(contextData.workflow.id, context);
		if (row && row.value.mode !== options.mode) {
			throw new DeduplicationError(
				'Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter. Try ’Clean Database’ operation to reset.',
			);
		}
		if (['latestIncrementalKey', 'latestDate'].includes(options.mode)) return this.latest(items, contextData, options, row, context);
		const hashed = items.map((item) => HarnessDeduplicationHelper.createValueHash(item));
		if (!row) {
			if (options.maxEntries) hashed.splice(0, hashed.length - options.maxEntries);
			this.write(contextData.workflow.id, context, { mode: options.mode, data: hashed });
			return { new: items, processed: [] };
		}
		const result = { new: [], processed: [] };
		if (!Array.isArray(row.value.data)) return result;
		const known = new Set(row.value.data);
		hashed.forEach((hash, index) => {
			if (known.has(hash)) {
				result.processed.push(items[index]);
			} else {
				result.new.push(items[index]);
				row.value.data.push(hash);
			}
		});
		if (options.maxEntries) row.value.data.splice(0, row.value.data.length - options.maxEntries);
		this.write(row.workflowId, row.context, row.value);
		return result;
	}

	latest(items, contextData, options, row, context) {
		const incoming = items.slice().sort((a, b) => HarnessDeduplicationHelper.compareValues(options.mode, a, b));
		if (!row) {
			this.write(contextData.workflow.id, context, { mode: options.mode, data: incoming.pop() });
			return { new: items, processed: [] };
		}
		const result = { new: [], processed: [] };
		if (Array.isArray(row.value.data)) return result;
		let largest = row.value.data;
		for (const item of incoming) {
			if (HarnessDeduplicationHelper.compareValues(options.mode, item, row.value.data) === 1) {
				result.new.push(item);
				if (HarnessDeduplicationHelper.compareValues(options.mode, item, largest) === 1) largest = item;
			} else {
				result.processed.push(item);
			}
		}
		row.value.data = largest;
		this.write(row.workflowId, row.context, row.value);
		return result;
	}

	async removeProcessed(items, scope, contextData, options) {
		if (['latestIncrementalKey', 'latestDate'].includes(options.mode)) {
			throw new DeduplicationError('Removing processed data is not possible in mode "latest"');
		}
		const context = await this.enter('removeProcessed', items, scope, contextData, options);
		assert.ok(contextData.workflow.id);
		const row = this.find(contextData.workflow.id, context);
		if (!row || !Array.isArray(row.value.data)) return;
		for (const hash of items.map((item) => HarnessDeduplicationHelper.createValueHash(item))) {
			const index = row.value.data.findIndex((value) => value === hash);
			if (index !== -1) row.value.data.splice(index, 1);
		}
		this.write(row.workflowId, row.context, row.value);
	}

	async clearAllProcessedItems(scope, contextData, options) {
		const context = await this.enter('clearAllProcessedItems', [], scope, contextData, options);
		this.table.delete(`${contextData.workflow.id}\u0000${context}`);
	}

	async getProcessedDataCount(scope, contextData, options) {
		const context = await this.enter('getProcessedDataCount', [], scope, contextData, options);
		const row = this.find(contextData.workflow.id, context);
		return options.mode === 'entries' && row && Array.isArray(row.value.data) ? row.value.data.length : 0;
	}

	// ---- the table ----------------------------------------------------------------------

	/** Logs the call, then fails it when told to (after a database round trip, like n8n's). */
	async enter(method, items, scope, contextData, options) {
		const context = HarnessDeduplicationHelper.createContext(scope, contextData);
		this.calls.push({ method, items: [...items], scope, context, workflowId: contextData.workflow.id, options: { ...options } });
		await new Promise((resolve) => setImmediate(resolve));
		const failure = this.failures.shift();
		if (failure !== undefined) throw new Error(failure);
		return context;
	}

	find(workflowId, context) {
		const row = this.table.get(`${workflowId}\u0000${context}`);
		return row ? { workflowId: row.workflowId, context: row.context, value: JSON.parse(row.value) } : undefined;
	}

	write(workflowId, context, value) {
		this.table.set(`${workflowId}\u0000${context}`, { workflowId, context, value: JSON.stringify(value) });
	}
}

module.exports = { HarnessDeduplicationHelper, DeduplicationError };
