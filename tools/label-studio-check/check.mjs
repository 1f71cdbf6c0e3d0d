// Loads tasks written by `annogan annotate` into Label Studio's own frontend
// (@heartexlabs/label-studio 1.4.0, the embeddable editor) in headless Chromium, reads back the
// regions and choices Label Studio made of each task's prediction, compares them with the
// tasks' results, and takes a screenshot of the first task.
//
// usage: node check.mjs --tasks DIR/label-studio --images IMAGES_DIR --root URL_PREFIX
//            --out OUT_DIR [--tasks-to-check N] [--chromium /usr/bin/chromium]
//   --root is the --image-root-url the tasks were written with; their images are served here
//   from IMAGES_DIR instead. Exit code 0 when every region and choice shows, 1 otherwise.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import puppeteer from 'puppeteer-core';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, word, i, all) =>
    word.startsWith('--') ? [...pairs, [word.slice(2), all[i + 1]]] : pairs, []));
for (const required of ['tasks', 'images', 'root', 'out']) {
  if (!args[required]) {
    console.error(`check.mjs: --${required} is required`);
    process.exit(2);
  }
}
const here = path.dirname(fileURLToPath(import.meta.url));
const build = path.join(here, 'node_modules/@heartexlabs/label-studio/build');
const tasks = JSON.parse(fs.readFileSync(path.join(args.tasks, 'tasks.json'), 'utf8'));
const config = fs.readFileSync(path.join(args.tasks, 'config.xml'), 'utf8');
const limit = Math.min(tasks.length, Number(args['tasks-to-check'] ?? 20));
fs.mkdirSync(args.out, {recursive: true});

const page = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/ls/static/css/main.css"></head>
<body><div id="label-studio"></div><script src="/ls/static/js/main.js"></script></body></html>`;
const types = {'.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.bmp': 'image/bmp'};
const server = http.createServer((req, res) => {
  const url = decodeURIComponent(req.url.split('?')[0]);
  let file = null;
  if (url === '/') {
    res.writeHead(200, {'Content-Type': 'text/html'});
    res.end(page);
    return;
  } else if (url.startsWith('/ls/')) {
    file = path.join(build, url.slice(4));
  } else if (url.startsWith('/images/')) {
    file = path.join(args.images, url.slice(8));
  }
  if (!file || !fs.existsSync(file)) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, {'Content-Type': types[path.extname(file)] ?? 'application/octet-stream'});
  fs.createReadStream(file).pipe(res);
});
await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await puppeteer.launch({
  executablePath: args.chromium ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  headless: true,
});
const report = {tasks: [], ok: true};
try {
  for (let t = 0; t < limit; t++) {
    const task = JSON.parse(JSON.stringify(tasks[t]));
    const address = task.data.image;
    if (!address.startsWith(args.root)) {
      throw new Error(`task ${t}: image ${address} does not start with --root ${args.root}`);
    }
    task.data.image = `${base}/images/${address.slice(args.root.length)}`;
    task.id = t + 1;
    const tab = await browser.newPage();
    await tab.setViewport({width: 1000, height: 700});
    const errors = [];
    tab.on('pageerror', e => errors.push(String(e)));
    await tab.goto(base + '/', {waitUntil: 'load'});
    const shown = await tab.evaluate((config, task) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Label Studio did not load the task')), 20000);
      // eslint-disable-next-line no-undef
      new LabelStudio('label-studio', {
        config,
        task,
        interfaces: ['panel', 'controls', 'side-column', 'predictions:tabs', 'predictions:menu',
          'annotations:menu'],
        user: {pk: 1, firstName: 'AnnoGAN', lastName: 'check'},
        onLabelStudioLoad(ls) {
          const store = ls.annotationStore;
          const started = Date.now();
          // Predictions arrive after the editor itself has loaded: wait for them.
          const poll = () => {
            const prediction = store.predictions[0];
            if (!prediction && Date.now() - started < 10000) {
              setTimeout(poll, 200);
              return;
            }
            if (!prediction) {
              clearTimeout(timer);
              resolve({predictions: 0, regions: [], choices: []});
              return;
            }
            store.selectPrediction(prediction.id);
            // Give the image and the canvas a moment to draw.
            setTimeout(() => {
              clearTimeout(timer);
              const serialized = prediction.serializeAnnotation();
              resolve({
                predictions: store.predictions.length,
                regions: prediction.regionStore.regions.map(r => ({
                  type: r.type,
                  points: r.points ? r.points.length : 0,
                  labels: r.labeling ? r.labeling.selectedLabels.map(l => l.value) : [],
                })),
                choices: serialized.filter(s => s.type === 'choices')
                  .flatMap(s => s.value.choices),
                score: prediction.score,
              });
            }, 1500);
          };
          poll();
        },
      });
    }), config, task);
    const result = tasks[t].predictions[0].result;
    const expected = {
      polygons: result.filter(r => r.type === 'polygonlabels').length,
      choices: result.filter(r => r.type === 'choices').flatMap(r => r.value.choices),
    };
    const polygons = shown.regions.filter(r => r.type.toLowerCase().includes('polygon'));
    const polygonLabels = polygons.map(r => r.labels[0]);
    const expectedLabels = result.filter(r => r.type === 'polygonlabels')
      .map(r => r.value.polygonlabels[0]);
    const ok = polygons.length === expected.polygons
      && JSON.stringify(polygonLabels) === JSON.stringify(expectedLabels)
      && JSON.stringify(shown.choices) === JSON.stringify(expected.choices)
      && polygons.every((r, i) => r.points
        === result.filter(x => x.type === 'polygonlabels')[i].value.points.length)
      && errors.length === 0;
    report.ok &&= ok;
    report.tasks.push({image: address, expected, shown: {
      polygons: polygons.length, labels: polygonLabels, choices: shown.choices,
      score: shown.score}, errors, ok});
    if (t === 0) {
      await tab.screenshot({path: path.join(args.out, 'label-studio.png')});
    }
    await tab.close();
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${address}: ${polygons.length}/${expected.polygons}`
      + ` polygons, choices [${shown.choices}] / [${expected.choices}]`
      + (errors.length ? ` errors: ${errors.join('; ')}` : ''));
  }
} finally {
  await browser.close();
  server.close();
}
const checked = report.tasks.reduce((n, t) => n + t.expected.polygons + t.expected.choices.length, 0);
if (checked === 0) {
  // Tasks without a single region or choice would pass without checking anything.
  report.ok = false;
  console.log('FAIL the tasks hold no region and no choice to check');
}
fs.writeFileSync(path.join(args.out, 'label-studio-check.json'), JSON.stringify(report, null, 2));
console.log(`${report.ok ? 'every' : 'NOT every'} region and choice of ${limit} tasks shows in`
  + ` Label Studio; screenshot: ${path.join(args.out, 'label-studio.png')}`);
process.exit(report.ok ? 0 : 1);
