// End-to-end checks of the app as a person uses it, with real input events (page.mouse,
// page.keyboard, viewport and device-scale changes) in headless Chromium: the wheel, share links
// and reloads, the clipboard, glyphs, high-DPI, resizing, typing an invalid value. Each check was
// written against a failure of the app before its fix (issue 12). window.redcast.ui() tells where
// the last frame drew probed widgets (CSS pixels), so the test knows where to point and click.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { decodePng, countColour } from './png.mjs';

const OK_GREEN = [115, 217, 128];  // web/widgets.hpp kOkColor

export async function frames(page, n = 3) {
  await page.evaluate((k) => new Promise((r) => { let i = 0; const f = () => (++i > k ? r() : requestAnimationFrame(f)); f(); }), n);
}
const ui = (page) => page.evaluate(() => window.redcast.ui());
const centre = (r) => [r[0] + r[2] / 2, r[1] + r[3] / 2];

// A key held for one frame: the app (ImGui 1.86) samples key state once a frame, so a press and
// release within one frame, as keyboard.press sends them, would be missed; held longer, a slow
// frame (software WebGL on a busy machine) can pass ImGui's key-repeat delay and repeat it.
async function chord(page, modifier, key) {
  if (modifier) await page.keyboard.down(modifier);
  await page.keyboard.down(key);
  await frames(page, 1);
  await page.keyboard.up(key);
  if (modifier) await page.keyboard.up(modifier);
  await frames(page, 2);
}

async function loadFile(page, root, rel) {
  const text = fs.readFileSync(path.join(root, rel), 'utf8');
  const errors = await page.evaluate(([t, n]) => window.redcast.load(t, n), [text, rel]);
  await frames(page, 3);
  return errors;
}

async function clickProbe(page, name) {
  const r = (await ui(page)).probes[name];
  if (!r) throw new Error(`no widget probed as ${name}`);
  const [x, y] = centre(r);
  await page.mouse.click(x, y);
  await frames(page, 2);
  return r;
}

export async function interactionChecks({ context, newPage, newContext, server, o, check, figure, step, shots, waitReady, firstDifference }) {
  const page = await newPage();
  await page.goto(server.url, { waitUntil: 'load' });
  await waitReady(page);

  // --- the mouse wheel: one notch down at the top scrolls down a few lines, one up comes back
  await step('wheel', async () => {
    await loadFile(page, o.root, 'scenarios/seed-002/merchant-hub.json');
    let u = await ui(page);
    const [x, y] = centre(u.probes.editor);
    await page.mouse.move(x, y);
    await frames(page, 2);
    u = await ui(page);
    const line = u.fontPx * 1.2;
    check('the editor starts at the top and can scroll', u.scrolls.editor.y === 0 && u.scrolls.editor.max > 10 * line,
          JSON.stringify(u.scrolls.editor));
    await page.mouse.wheel(0, 100);  // one notch down, as Chromium reports it (100 px)
    await frames(page, 3);
    const down = (await ui(page)).scrolls.editor;
    check('one wheel notch down scrolls down by a few lines (not reversed, not to the end)',
          down.y >= 1.5 * line && down.y <= 6 * line && down.y < down.max,
          `scrolled ${down.y.toFixed(0)} px of ${down.max.toFixed(0)}; a line is ${line.toFixed(1)} px`);
    await page.mouse.wheel(0, -100);
    await frames(page, 3);
    const up = (await ui(page)).scrolls.editor;
    check('one notch up scrolls back to the top', up.y === 0, `at ${up.y}`);
    // Line mode (Firefox, some mice): 3 lines a notch, normalised the same way.
    await page.evaluate(([cx, cy]) => {
      const c = document.getElementById('canvas');
      c.dispatchEvent(new WheelEvent('wheel', { deltaY: 3, deltaMode: 1, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
    }, [x, y]);
    await frames(page, 3);
    const lineMode = (await ui(page)).scrolls.editor;
    check('a line-mode notch (deltaMode 1) scrolls as far as a pixel-mode one', Math.abs(lineMode.y - down.y) < 1,
          `${lineMode.y.toFixed(0)} vs ${down.y.toFixed(0)} px`);
  });

  // --- typing an invalid value: the field stays under the pointer, the summary looks stale
  await step('typing in the editor', async () => {
    await loadFile(page, o.root, 'scenarios/hello.json');
    const ptr = '/components/0/schedule/every';
    const before = (await ui(page)).probes[`input:${ptr}`];
    if (!check('the duration field is on screen', !!before)) return;
    let shot = decodePng(await page.screenshot({ clip: rectClip((await ui(page)).probes.summary) }));
    const greenValid = countColour(shot, OK_GREEN);
    check('a valid scenario shows its verdicts in green', greenValid > 20, `${greenValid} green pixels`);
    await clickProbe(page, `input:${ptr}`);
    await chord(page, null, 'End');
    await page.keyboard.type('x');  // "1m" -> "1mx": not a duration
    await frames(page, 4);
    const errors = await page.evaluate(() => window.redcast.errors());
    check('typing "x" after "1m" makes the scenario invalid', errors.some((e) => e.includes(ptr)), errors.join('; '));
    const u = await ui(page);
    const after = u.probes[`input:${ptr}`];
    check('the field being typed in does not move when the problem appears',
          after && after[0] === before[0] && after[1] === before[1] && after[2] === before[2],
          `${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
    check('the summary says it is not up to date and which edit is invalid',
          /Not up to date/.test(u.texts.summary ?? '') && (u.texts.summary ?? '').includes(ptr), u.texts.summary ?? '(none)');
    shot = decodePng(await page.screenshot({ clip: rectClip(u.probes.summary) }));
    const greenStale = countColour(shot, OK_GREEN);
    check('the stale summary shows nothing in green', greenStale === 0, `${greenStale} green pixels`);
    await page.screenshot({ path: path.join(shots, 'invalid-edit.png') });
    await chord(page, null, 'Backspace');
    await frames(page, 4);
    const fixed = await page.evaluate(() => window.redcast.errors());
    check('deleting the "x" makes it valid again', fixed.length === 0, fixed.join('; '));
    check('and the summary is up to date again', (await ui(page)).texts.summary === 'up to date');
  });

  // --- help on a field from the JSON Schema, by hovering its name
  await step('field help', async () => {
    await loadFile(page, o.root, 'scenarios/hello.json');
    const ptr = '/components/0/schedule/every';
    const r = (await ui(page)).probes[`label:${ptr}`];
    if (!check('the field\'s name is on screen', !!r)) return;
    await page.mouse.move(...centre(r));
    await frames(page, 30);  // tooltips wait a moment
    const help = (await ui(page)).texts.help ?? '';
    const schema = JSON.parse(fs.readFileSync(path.join(o.root, 'docs', 'scenario.schema.json'), 'utf8'));
    const want = schema.$defs.schedule.oneOf[0].properties.every.description;
    check('hovering a field shows its JSON Schema description with the units', help.includes(want) && /"500ms", "6s"/.test(help),
          JSON.stringify(help));
    await page.mouse.move(5, 5);
  });

  // --- exports: the daily CSV equals the CLI's, a chart saves as a PNG (right-click, then the menu)
  await step('exports', async () => {
    const rel = 'scenarios/seed-002/current.json';
    await loadFile(page, o.root, rel);
    const [csv] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), clickProbe(page, 'csv-daily')]);
    const text = fs.readFileSync(await csv.path(), 'utf8');
    const cli = execFileSync(o.redcast, ['project', '--format', 'csv', rel], { cwd: o.root, encoding: 'utf8' });
    check('"CSV per day" downloads what `redcast project --format csv` prints', text === cli, `${text.length} vs ${cli.length} bytes`);
    const chart = (await ui(page)).probes['chart:cumulative'];
    await page.mouse.click(...centre(chart), { button: 'right' });
    await frames(page, 3);
    const [png] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), clickProbe(page, 'menu:png')]);
    const img = decodePng(fs.readFileSync(await png.path()));
    const u = await ui(page);
    check('a chart saves as a PNG of its size at device pixels', png.suggestedFilename() === 'cumulative.png' &&
          Math.abs(img.width - chart[2] * u.dpr) <= 2 && Math.abs(img.height - chart[3] * u.dpr) <= 2 &&
          countColour(img, [255, 110, 100], 30) > 50, `${img.width}x${img.height} for ${chart[2]}x${chart[3]} css px`);
  });

  // --- storage in the provider's units
  await step('storage units', async () => {
    await loadFile(page, o.root, 'scenarios/hello.json');  // upstash-free: 256 MB (256 MiB in the catalogue)
    const t = (await ui(page)).texts.storage ?? '';
    check('the free plan\'s storage prints as the provider says it, 256 MB', / of 256 MB$/.test(t), t);
  });

  // --- clipboard: Ctrl+C out of a field, Ctrl+V into one, to and from the system clipboard
  await step('clipboard', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await loadFile(page, o.root, 'scenarios/seed-002/current.json');
    const doc = await page.evaluate(() => window.redcast.scenario());
    await page.evaluate(() => navigator.clipboard.writeText('nothing copied yet'));
    await clickProbe(page, 'input:/name');
    await chord(page, 'Control', 'a');
    await chord(page, 'Control', 'c');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    check('Ctrl+A, Ctrl+C in a field puts its text on the system clipboard', copied === doc.name, JSON.stringify(copied));

    const cronPtr = '/components/0/schedule/cron';
    const before = await page.evaluate(() => window.redcast.projection().totals.commands);
    await page.evaluate(() => navigator.clipboard.writeText('*/5 * * * *'));
    await clickProbe(page, `input:${cronPtr}`);
    await chord(page, 'Control', 'a');
    await chord(page, 'Control', 'v');
    await frames(page, 4);
    const cron = await page.evaluate(() => window.redcast.scenario().components[0].schedule.cron);
    check('Ctrl+V pastes a cron line from the system clipboard', cron === '*/5 * * * *', JSON.stringify(cron));
    const after = await page.evaluate(() => window.redcast.projection()?.totals.commands);
    check('and the pasted schedule is projected (a fifth of the polls)', after && Math.abs(after * 5 - before) <= 16 * 5,
          `${before} -> ${after}`);
  });

  // --- glyphs the UI and the core's messages print
  await step('glyphs', async () => {
    const glyphs = ['…', '–', '—', '→', '·', '±', '✓', '✗', '≤'];
    const missing = [];
    for (const g of glyphs) if (!(await page.evaluate((c) => window.redcast.hasGlyph(c), g))) missing.push(g);
    check(`the font draws ${glyphs.join(' ')} (not "?")`, missing.length === 0, missing.length ? `missing ${missing.join(' ')}` : '');
  });

  // --- the window is resized, also to exactly the screen's size: the canvas follows
  await step('resize', async () => {
    const screen = await page.evaluate(() => [screen.width, screen.height]);
    await page.setViewportSize({ width: 1000, height: 640 });
    await frames(page, 4);
    let u = await ui(page);
    check('the canvas follows a smaller window', u.canvas[0] === 1000 && u.canvas[1] === 640 && u.display[0] === 1000,
          JSON.stringify({ canvas: u.canvas, display: u.display }));
    await page.setViewportSize({ width: screen[0], height: screen[1] });
    await frames(page, 4);
    u = await ui(page);
    const dom = await page.evaluate(() => ({ w: document.getElementById('canvas').width, fs: !!document.fullscreenElement }));
    check('a window as large as the screen resizes the canvas (no fullscreen request)',
          u.canvas[0] === screen[0] && u.canvas[1] === screen[1] && dom.w === screen[0] && !dom.fs,
          JSON.stringify({ screen, canvas: u.canvas, dom }));
  });

  // --- a share link is read once; the user's latest edits survive reloads
  await step('share link and reloads', async () => {
    const doc = JSON.parse(fs.readFileSync(path.join(o.root, 'scenarios/hello.json'), 'utf8'));
    doc.name = 'from-a-share-link';
    const link = `${server.url}#s=${Buffer.from(JSON.stringify(doc)).toString('base64url')}`;
    await page.goto(link, { waitUntil: 'load' });
    await waitReady(page);
    await frames(page, 2);
    check('the share link opens its scenario', (await page.evaluate(() => window.redcast.scenario().name)) === doc.name);
    const hash = await page.evaluate(() => location.hash);
    check('and leaves the address bar (read once)', hash === '', hash.slice(0, 40));
    // Edit the name by typing, then reload.
    await clickProbe(page, 'input:/name');
    await chord(page, 'Control', 'a');
    await page.keyboard.type('edited-after-share');
    await frames(page, 3);
    await page.reload({ waitUntil: 'load' });
    await waitReady(page);
    let name = await page.evaluate(() => window.redcast.scenario().name);
    check('an edit made after opening a share link survives a reload', name === 'edited-after-share', name);
    // Another library scenario, edited, reloaded.
    await loadFile(page, o.root, 'scenarios/seed-002/current.json');
    await page.evaluate(() => window.redcast.set('/name', 'library-then-edited'));
    await page.reload({ waitUntil: 'load' });
    await waitReady(page);
    name = await page.evaluate(() => window.redcast.scenario().name);
    check('an edit of another library scenario survives a reload', name === 'library-then-edited', name);
    // An invalid edit is the latest edit too.
    await page.evaluate(() => window.redcast.set('/components/0/schedule/cron', 'not a cron line'));
    await page.reload({ waitUntil: 'load' });
    await waitReady(page);
    const kept = await page.evaluate(() => ({ cron: window.redcast.scenario().components[0].schedule.cron,
                                              errors: window.redcast.errors() }));
    check('an invalid edit survives a reload too, with its problem shown', kept.cron === 'not a cron line' && kept.errors.length > 0,
          JSON.stringify(kept).slice(0, 200));
    await loadFile(page, o.root, 'scenarios/hello.json');
  });

  // --- undo and redo with the keyboard; removing a component can be undone
  await step('undo', async () => {
    await loadFile(page, o.root, 'scenarios/hello.json');
    const original = await page.evaluate(() => window.redcast.projection());
    await page.evaluate(() => window.redcast.set('/components/0/schedule/every', '30s'));
    const edited = await page.evaluate(() => window.redcast.projection());
    await page.mouse.click(...centre((await ui(page)).probes.summary));  // nothing editable: the keys go to the app
    await chord(page, 'Control', 'z');
    const undone = await page.evaluate(() => window.redcast.projection());
    check('Ctrl+Z restores the exact projection before the edit', isDeepStrictEqual(undone, original),
          `${edited.totals.commands} -> ${undone.totals.commands} (was ${original.totals.commands})`);
    await page.keyboard.down('Shift');
    await chord(page, 'Control', 'z');
    await page.keyboard.up('Shift');
    const redone = await page.evaluate(() => window.redcast.projection());
    check('Ctrl+Shift+Z redoes it', isDeepStrictEqual(redone, edited), `${redone.totals.commands}`);

    const rel = 'scenarios/seed-002/merchant-hub.json';
    await loadFile(page, o.root, rel);
    const before = await page.evaluate(() => window.redcast.projection());
    const first = (await page.evaluate(() => window.redcast.scenario())).components[0].name;
    await clickProbe(page, `remove:${first}`);
    await frames(page, 2);
    const removed = await page.evaluate(() => window.redcast.scenario().components.length);
    await page.mouse.click(...centre((await ui(page)).probes.summary));
    await chord(page, 'Control', 'z');
    const back = await page.evaluate(() => window.redcast.projection());
    const cli = JSON.parse(execFileSync(o.redcast, ['project', '--format', 'json', rel], { cwd: o.root, encoding: 'utf8' }));
    check('removing a component (a click) is undone by Ctrl+Z, back to the CLI\'s projection',
          removed === before.components.length - 1 && isDeepStrictEqual(back, before) && isDeepStrictEqual(back, cli),
          `${before.components.length} -> ${removed} -> ${back.components.length} components`);
  });

  // --- re-projection of the stochastic merchant hub with 30 replications: what a drag costs a frame
  await step('re-projection with 30 replications', async () => {
    const rel = 'scenarios/seed-002/merchant-hub.json';
    const ptr = '/components/0/heartbeat_fresh_for';
    await loadFile(page, o.root, rel);
    await page.evaluate(() => window.redcast.set('/replications', 30));
    // One full run through the hook (every replication), as a single edit costs.
    const full = await page.evaluate((p) => {
      const out = [];
      for (let i = 0; i < 8; i++) {
        const t0 = performance.now();
        window.redcast.set(p, i % 2 ? '30s' : '31s');
        out.push(performance.now() - t0);
      }
      return out.slice(2).sort((a, b) => a - b)[3];
    }, ptr);
    // A real drag of the knob with the mouse: one re-projection a frame.
    await frames(page, 2);
    const r = (await ui(page)).probes[`drag:${ptr}`];
    if (!check('the duration knob has a drag on screen', !!r)) return;
    const [x, y] = centre(r);
    await page.mouse.move(x, y);
    await page.mouse.down();
    const perFrame = [];
    let previewSeen = false;
    for (let i = 1; i <= 12; i++) {
      await page.mouse.move(x + 4 * i, y);
      await frames(page, 1);
      perFrame.push(await page.evaluate(() => window.redcast.timing()));
      previewSeen ||= !!(await ui(page)).texts.preview;
    }
    await page.mouse.up();
    await frames(page, 3);
    const during = perFrame.slice(2).sort((a, b) => a - b);
    const med = during[(during.length - 1) >> 1];
    const after = await page.evaluate(() => window.redcast.projection());
    const doc = await page.evaluate(() => window.redcast.scenario());
    const tmp = path.join(path.dirname(o.app), `redcast-e2e-drag-${process.pid}.json`);
    fs.writeFileSync(tmp, JSON.stringify(doc, null, 2));
    const cli = JSON.parse(execFileSync(o.redcast, ['project', '--format', 'json', tmp], { encoding: 'utf8' }));
    fs.unlinkSync(tmp);
    figure(`re-projection of ${rel} with 30 replications`,
           `one full run (every replication) median ${full.toFixed(1)} ms through the hook; while dragging ${ptr} ` +
           `with the mouse, median ${med.toFixed(2)} ms a frame, worst ${during[during.length - 1].toFixed(2)} ms`);
    check('dragging a knob of the 30-replication scenario re-projects within 16 ms a frame', med <= 16 && previewSeen,
          `median ${med.toFixed(2)} ms a frame (preview shown: ${previewSeen})`);
    check('and releasing it runs all 30 replications, as the CLI does', after && after.replications.n === 30 &&
          isDeepStrictEqual(after, { ...cli, scenario: after.scenario }) && doc.components[0].heartbeat_fresh_for !== '30s',
          `${doc.components[0].heartbeat_fresh_for}, n=${after?.replications?.n}`);
  });

  // --- a dropped INFO commandstats file is analysed as commandstats
  await step('commandstats drop', async () => {
    const file = path.join(o.root, 'tests', 'traces', 'celery-5.2.6-solo-flags-idle-125s.commandstats');
    if (!fs.existsSync(file)) return check('commandstats drop (fixture missing)', false, file);
    await page.evaluate(([text, name]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'text/plain' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [fs.readFileSync(file, 'utf8'), path.basename(file)]);
    await page.waitForFunction((n) => window.redcast.commandstats().name === n, path.basename(file), { timeout: 10000 });
    const first = await page.evaluate(() => window.redcast.commandstats());
    check('a dropped INFO commandstats file is read as commandstats, and says what it needs',
          /elapsed|uptime/.test(first.error), first.error);
    await page.evaluate(() => window.redcast.setCommandstatsElapsed('125s'));
    const cs = await page.evaluate(() => window.redcast.commandstats());
    const cli = JSON.parse(execFileSync(o.redcast, ['commandstats', '--elapsed', '125s', '--format', 'json', path.basename(file)],
                                        { cwd: path.dirname(file), encoding: 'utf8' }));
    check('with the time it covers, its rates equal `redcast commandstats --format json`', isDeepStrictEqual(cs.rates, cli),
          cs.error || JSON.stringify(cs.rates).slice(0, 120));
  });

  // --- font size setting, kept across reloads
  await step('font size', async () => {
    await page.evaluate(() => window.redcast.setFontSize(19));
    await frames(page, 3);
    let u = await ui(page);
    check('the font-size setting re-rasterises the font', u.fontPx === 19 && Math.abs(u.atlasPx - 19 * u.dpr) < 0.01,
          `${u.fontPx} px, atlas ${u.atlasPx}`);
    await page.reload({ waitUntil: 'load' });
    await waitReady(page);
    await frames(page, 2);
    u = await ui(page);
    check('the font size is kept across a reload', u.fontPx === 19, `${u.fontPx}`);
    await page.evaluate(() => window.redcast.setFontSize(15));
    await frames(page, 2);
  });
  await page.close();

  // --- high-DPI: devicePixelRatio 2 renders at device pixels, the UI at CSS size
  await step('high-DPI', async () => {
    const hi = await newContext({ deviceScaleFactor: 2, viewport: { width: 1200, height: 760 } });
    const p = await hi.newPage();
    await p.goto(server.url, { waitUntil: 'load' });
    await waitReady(p);
    await frames(p, 3);
    // A fresh browser: the first screen, then a library scenario chosen with the mouse.
    const first = await ui(p);
    check('a first visit shows the first screen', first.texts.welcome === 'open' && !!first.probes['welcome:hello'],
          JSON.stringify(first.texts));
    await p.screenshot({ path: path.join(shots, 'first-screen.png') });
    await clickProbe(p, 'welcome:hello');
    await frames(p, 3);
    const chosen = await p.evaluate(() => window.redcast.scenario().name);
    check('choosing a library scenario on it opens the scenario and closes it', chosen === 'hello' && !(await ui(p)).texts.welcome,
          chosen);
    const u = await ui(p);
    check('at devicePixelRatio 2 the canvas has device pixels and the UI CSS size',
          u.dpr === 2 && u.canvas[0] === 2400 && u.canvas[1] === 1520 && u.display[0] === 1200 && u.framebufferScale === 2 &&
          Math.abs(u.atlasPx - 2 * u.fontPx) < 0.01, JSON.stringify({ dpr: u.dpr, canvas: u.canvas, display: u.display, atlas: u.atlasPx }));
    await p.screenshot({ path: path.join(shots, 'app-dpr2.png') });
    await hi.close();
  });

  // --- macOS: Cmd+A, Cmd+C, Cmd+V (navigator.platform says Mac)
  await step('clipboard on macOS', async () => {
    const mac = await newContext({ viewport: { width: 1280, height: 800 } });
    await mac.addInitScript(() => Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' }));
    await mac.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const p = await mac.newPage();
    await p.goto(server.url, { waitUntil: 'load' });
    await waitReady(p);
    await loadFile(p, o.root, 'scenarios/hello.json');
    check('the app takes Cmd for shortcuts on macOS', (await ui(p)).mac === true);
    await clickProbe(p, 'input:/name');
    await chord(p, 'Meta', 'a');
    await chord(p, 'Meta', 'c');
    const copied = await p.evaluate(() => navigator.clipboard.readText());
    check('Cmd+A, Cmd+C copies a field to the system clipboard', copied === 'hello', JSON.stringify(copied));
    await p.evaluate(() => navigator.clipboard.writeText('pasted-with-cmd'));
    await chord(p, 'Meta', 'a');
    await chord(p, 'Meta', 'v');
    await frames(p, 4);
    const name = await p.evaluate(() => window.redcast.scenario().name);
    check('Cmd+V pastes from the system clipboard', name === 'pasted-with-cmd', JSON.stringify(name));
    await mac.close();
  });

  // The views that follow the core's results (a page of their own: the one above is closed).
  const pg = await newPage();
  await pg.goto(server.url, { waitUntil: 'load' });
  await waitReady(pg);

  // A tab selects on the press (ImGui's PressedOnClick): the button is held over a frame so that
  // the press is seen whatever the frame rate.
  const clickTab = async (p, title) => {
    const r = (await ui(p)).probes[`tab:${title}`];
    if (!r) throw new Error(`no tab ${title}`);
    const [x, y] = centre(r);
    await p.mouse.move(x, y);
    await p.mouse.down();
    await frames(p, 2);
    await p.mouse.up();
    await frames(p, 3);
  };

  // The CLI's JSON for the same input, run from the repository root (file names as the app's).
  const cliJson = (args, cwd = o.root) =>
    JSON.parse(execFileSync(o.redcast, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 }));

  // --- settings that change no traffic, shown under their component in the Tables tab
  await step('no-effect settings', async () => {
    const rel = 'scenarios/seed-001/celery-dev.json';
    await loadFile(pg, o.root, rel);
    await clickTab(pg, 'Tables');
    await frames(pg, 2);
    const texts = (await ui(pg)).texts;
    const cli = cliJson(['project', rel, '--format', 'json']);
    // celery-dev's idle worker: 8 settings, "prefetch_multiplier (idle)" among them (tests/golden).
    const withNone = cli.components.filter((c) => (c.no_effect ?? []).length > 0);
    const bad = withNone.filter((c) => texts[`no_effect:${c.name}`] !== c.no_effect.join(', '));
    check('each component\'s no-effect settings show under it, as `redcast project` lists them',
          withNone.length > 0 && bad.length === 0 && (texts['no_effect:worker'] ?? '').includes('prefetch_multiplier (idle)'),
          JSON.stringify(bad.map((c) => [c.name, texts[`no_effect:${c.name}`]])));
  });

  // --- Recommend: the Pareto front and the left-out list with the core's reasons
  await step('recommend: pareto and left out', async () => {
    const rel = 'scenarios/seed-002/current.json';
    await loadFile(pg, o.root, rel);
    await clickTab(pg, 'Recommend');
    await clickProbe(pg, 'find-recommendations');
    await frames(pg, 3);
    const texts = (await ui(pg)).texts;
    const cli = cliJson(['recommend', rel, '--format', 'json']);
    const grouped = (n) => Math.round(n).toLocaleString('en-US');
    const pareto = cli.pareto.map((c) => `${c.metric.text} | ${grouped(c.billable_after)} | ${c.levers.join('; ')}`).join('\n') + '\n';
    // seed-002: as now 86,400; 5 min 17,280; 10 min 8,640 billable a month.
    check('the Pareto front shows the CLI\'s rows (3: 86,400 as now, 17,280 at 5 min, 8,640 at 10 min)',
          texts.pareto === pareto && /^as now \| 86,400 .*\n5 min \| 17,280 .*\n10 min \| 8,640 /.test(texts.pareto ?? ''),
          JSON.stringify(texts.pareto));
    const left = cli.left_out.map((l) => `${l.component}: ${l.label} (${l.reason})`).join('\n') + '\n';
    check('the left-out list shows every value not in the combination with its reason (5, as the CLI)',
          texts.left_out === left && cli.left_out.length === 5, JSON.stringify(texts.left_out));
  });

  // --- Calibrate: the uploaded capture turned into a scenario, as `redcast calibrate`
  await step('calibrate a capture', async () => {
    if (!o.capture) return check('a capture calibrates (no capture file found)', false);
    const name = path.basename(o.capture);
    await pg.setInputFiles('#open-capture', o.capture);
    await pg.waitForFunction((n) => {
      const c = window.redcast.capture();
      return c.name === n && !c.reading && (c.done || c.error);
    }, name, { timeout: 120000 });
    await frames(pg, 2);
    await clickTab(pg, 'Calibrate');
    await frames(pg, 2);
    const shown = JSON.parse((await ui(pg)).texts.calibration ?? 'null');
    const cli = cliJson(['calibrate', '--format', 'json', '--no-progress', name], path.dirname(o.capture));
    const diff = shown === null ? 'no calibration shown' : firstDifference(shown, cli);
    check('the Calibrate tab\'s calibration equals `redcast calibrate --format json`', diff === null, diff ?? '');
    if (name === 'rq-start.monitor') {
      // The fixture: one rq worker recognised with confidence 1, the rest a freeform remainder.
      const c = shown?.components ?? [];
      check('rq-start.monitor: an rq_worker at confidence 1 and a remainder, 25 commands compared',
            c.length === 2 && c[0].type === 'rq_worker' && c[0].confidence === 1 && c[1].type === 'freeform' &&
            shown.per_command.length === 25, JSON.stringify(c.map((x) => [x.type, x.confidence])));
    }
    await clickProbe(pg, 'load-calibrated');
    await frames(pg, 3);
    const doc = await pg.evaluate(() => window.redcast.scenario());
    check('"Open the calibrated scenario in the editor" opens the CLI\'s --write scenario',
          isDeepStrictEqual(doc, cli.scenario), JSON.stringify(doc).slice(0, 200));
  });
  await pg.close();
}

function rectClip(r) {
  return { x: Math.floor(r[0]), y: Math.floor(r[1]), width: Math.max(1, Math.ceil(r[2])), height: Math.max(1, Math.ceil(r[3])) };
}
