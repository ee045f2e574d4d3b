// A Chromium page that records everything the page-quality checks look at.
import { createRequire } from "node:module";

import { chromium } from "playwright-core";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  // Every host but loopback fails to resolve, and the request listener below reports any
  // attempt. (Intercepting requests instead would put a round trip through this script in
  // front of every request, and slow each page by more than it takes to paint.)
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

const PAINT_OBSERVERS = () => {
  window.__lcp = 0;
  window.__lcpElement = "";
  window.__cls = 0;
  const describe = (element) =>
    element ? `${element.tagName.toLowerCase()} "${(element.textContent ?? "").trim().slice(0, 40)}"` : "";
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__lcp = entry.startTime;
      window.__lcpElement = describe(entry.element);
    }
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
};

export async function openBrowser({ baseUrl, executablePath, viewport }) {
  const origin = new URL(baseUrl).origin;
  const browser = await chromium.launch({ executablePath, args: FLAGS });
  const context = await browser.newContext({ baseURL: baseUrl, viewport, colorScheme: "light" });
  const problems = [];
  await context.addInitScript(PAINT_OBSERVERS);
  const page = await context.newPage();
  // Every page is measured as a first visit: nothing comes from the HTTP cache.
  await (await context.newCDPSession(page)).send("Network.setCacheDisabled", { cacheDisabled: true });
  // Anything not addressed to the gateway is reported: it must not happen.
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith("data:") && !url.startsWith("blob:") && new URL(url).origin !== origin) {
      problems.push(`request to another host: ${url}`);
    }
  });
  page.on("console", (message) => {
    if (message.type() === "error") {
      problems.push(`console error on ${page.url()}: ${message.text()} (${message.location().url})`);
    }
  });
  page.on("pageerror", (error) => problems.push(`uncaught error on ${page.url()}: ${error.message}`));
  page.on("requestfailed", (request) => {
    // The page itself cancels prefetches when it navigates away; that is not a failure.
    if (request.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`failed request: ${request.method()} ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) {
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    }
  });
  return { browser, context, page, problems };
}

/** The current document's largest contentful paint (ms, and what painted it) and cumulative layout shift so far. */
export async function paintMetrics(page) {
  await page.waitForFunction(() => window.__lcp > 0, null, { timeout: 10_000 });
  return page.evaluate(() => ({ lcp: window.__lcp, lcpElement: window.__lcpElement, cls: window.__cls }));
}

/** WCAG 2 A and AA violations axe-core finds on the current page, serious or worse. */
export async function accessibilityViolations(page) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } }),
  );
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.nodes.map((node) => node.target.join(" ")).slice(0, 3).join(", ")})`);
}
