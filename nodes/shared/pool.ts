/**
 * Runs `work` for indices 0..count-1 with at most `concurrency` in flight, and returns the
 * results in index order. After `stop()` returns true no new index is started (fail-fast runs).
 */
export async function mapWithConcurrency<T>(
	count: number,
	concurrency: number,
	work: (index: number) => Promise<T>,
	stop: () => boolean = () => false,
	startAt = 0,
): Promise<Array<T | undefined>> {
	const results: Array<T | undefined> = new Array(count);
	let next = startAt;
	const worker = async () => {
		while (next < count && !stop()) {
			// one item start per event-loop turn: replies that arrive together are handled in one
			// I/O poll, and building the next item (n8n evaluates its expressions, 1-8 ms) straight
			// in each reply's callback would keep the requests other items just opened from
			// leaving until all of them are built. Yielding lets those sockets be served first.
			await nextTurn();
			if (next >= count || stop()) break;
			const index = next++;
			results[index] = await work(index);
		}
	};
	const workers = Math.max(1, Math.min(concurrency, count - startAt));
	await Promise.all(Array.from({ length: workers }, worker));
	return results;
}

/** Resolves after the event loop has polled I/O once (setImmediate runs after the poll phase). */
async function nextTurn(): Promise<void> {
	return await new Promise<void>((resolve) => setImmediate(resolve));
}
