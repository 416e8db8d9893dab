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
			const index = next++;
			results[index] = await work(index);
		}
	};
	const workers = Math.max(1, Math.min(concurrency, count - startAt));
	await Promise.all(Array.from({ length: workers }, worker));
	return results;
}
