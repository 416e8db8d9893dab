'use strict';
// Screenshots of what the user sees in the real n8n editor at the install suite's steps (the
// Community Nodes page, a saved workflow after uninstall), with headless Chromium driven by
// playwright-core (downloads no browser; `npm run test:all` installs Debian's chromium first,
// scripts/system-deps.sh). Without Chromium the suite still runs and says so.

const fs = require('fs');
const path = require('path');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

class Shots {
	constructor(outDir, log = () => {}) {
		this.outDir = outDir;
		this.log = log;
		this.browser = null;
		this.available = fs.existsSync(CHROMIUM);
		this.taken = {};
	}

	/**
	 * Opens baseUrl + pagePath logged in (the REST session's cookie), waits for `waitText`,
	 * saves <outDir>/<name>.png. Returns the file, or null without Chromium.
	 */
	async take(name, { baseUrl, cookie, pagePath, waitText, settleMs = 1500, timeoutMs = 20000 }) {
		if (!this.available) {
			this.taken[name] = `skipped: no Chromium at ${CHROMIUM}`;
			this.log(`[shots] ${name}: ${this.taken[name]}`);
			return null;
		}
		if (!this.browser) {
			const { chromium } = require('playwright-core');
			this.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
		}
		const context = await this.browser.newContext({ viewport: { width: 1400, height: 900 } });
		try {
			const [cname, value] = cookie.split('=');
			await context.addCookies([{ name: cname, value: value, url: baseUrl }]);
			const page = await context.newPage();
			await page.goto(`${baseUrl}${pagePath}`, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
			// the page as it is once the text shows, or after the timeout (then the shot says what is there)
			const found = await page
				.getByText(waitText)
				.first()
				.waitFor({ timeout: timeoutMs })
				.then(
					() => true,
					() => false,
				);
			await page.waitForTimeout(settleMs);
			const file = path.join(this.outDir, `${name}.png`);
			await page.screenshot({ path: file });
			this.taken[name] = `${path.relative(path.join(__dirname, '..', '..'), file)}${found ? '' : ` ("${waitText}" not shown within ${timeoutMs / 1000} s)`}`;
			return file;
		} finally {
			await context.close();
		}
	}

	async close() {
		if (this.browser) await this.browser.close();
		this.browser = null;
	}
}

module.exports = { Shots };
