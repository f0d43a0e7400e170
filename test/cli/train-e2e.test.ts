// End to end: the built `backprop` command in a child process, as a user runs it after `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/backprop.js');

function backprop(args: string[], env: NodeJS.ProcessEnv = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'backprop-cli-'));
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { cwd, code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('backprop train (built CLI)', () => {
  it('is built', () => {
    expect(existsSync(resolve(import.meta.dirname, '../../dist/src/cli/main.js')), 'run npm run build first').toBe(
      true,
    );
  });

  it('with no arguments trains on digits, reports every epoch, the test accuracy and writes the plot', () => {
    const { cwd, code, stdout, stderr } = backprop(['train']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^backend: (native|wasm|js).*: (first choice, loaded|first that loaded|requested by)/m);
    expect(stdout).toContain('data: digits: 1293 training, 145 validation, 359 test rows; 64 features, 10 classes');
    // Not a TTY here: plain lines, one per epoch, train and validation loss and accuracy.
    expect(stdout).not.toContain('\r');
    for (let epoch = 1; epoch <= 20; epoch++) {
      expect(stdout).toMatch(
        new RegExp(
          `^epoch +${epoch}/20  loss \\d\\.\\d{4}  accuracy \\d\\.\\d{4}  val_loss \\d\\.\\d{4}  val_accuracy \\d\\.\\d{4}  `,
          'm',
        ),
      );
    }
    const accuracy = Number(stdout.match(/^test accuracy (\d\.\d{4})/m)?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(0.93);
    const svg = readFileSync(join(cwd, 'training-curve.svg'), 'utf8');
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect([...svg.matchAll(/<polyline class="series"/g)]).toHaveLength(4);
    expect(svg).toContain(`test accuracy ${accuracy.toFixed(4)}`);
  });

  it('--quiet prints only the result; --save writes the model and its preprocessing', () => {
    const { cwd, code, stdout } = backprop([
      'train',
      '--data',
      'iris',
      '--epochs',
      '5',
      '--layers',
      '8',
      '--quiet',
      '--backend',
      'js',
      '--save',
      'model',
      '--plot',
      'plots/iris.svg',
      '--optimizer',
      'sgd',
      '--lr',
      '0.1',
      '--activation',
      'tanh',
      '--batch-size',
      '16',
      '--seed',
      '3',
    ]);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stdout).toMatch(/^test accuracy \d\.\d{4}  test loss \d\.\d{4}  \(30 rows, js backend/);
    expect(existsSync(join(cwd, 'plots/iris.svg'))).toBe(true);
    const saved = readdirSync(join(cwd, 'model'));
    expect(saved).toContain('preprocessing.json');
    expect(saved.length).toBeGreaterThan(1);
    expect(JSON.parse(readFileSync(join(cwd, 'model/preprocessing.json'), 'utf8')).scaler.kind).toBe('standard');
  });

  it('the same seed gives the same run', () => {
    const a = backprop(['train', '--data', 'iris', '--epochs', '3', '--quiet', '--backend', 'js']);
    const b = backprop(['train', '--data', 'iris', '--epochs', '3', '--quiet', '--backend', 'js']);
    expect(a.stdout.replace(/, \d+\.\ds\)/, '')).toBe(b.stdout.replace(/, \d+\.\ds\)/, ''));
  });

  it.each([
    [['train', '--epochs', 'many'], 2, '--epochs must be a positive integer; got "many"'],
    [['train', '--layers', '12,x'], 2, '--layers must be positive integers'],
    [['train', '--bogus'], 2, "Unknown option '--bogus'"],
    [['fly'], 2, 'unknown command "fly"; expected train, bench or info'],
    [['train', '--data', 'nowhere.csv'], 1, 'the CSV file nowhere.csv does not exist'],
    [['train', '--data', 'cifar'], 1, 'unknown data set "cifar"'],
    // Output paths are checked before the data is loaded: nothing is trained, nothing printed.
    [
      ['train', '--plot', '/dev/null/x.svg', '--save', 'model-a'],
      1,
      '--plot /dev/null/x.svg cannot be created: /dev/null is not a directory',
    ],
    [['train', '--save', '/dev/null'], 1, '--save /dev/null exists and is not a directory'],
    [
      ['train', '--save', '/dev/null/model'],
      1,
      '--save /dev/null/model cannot be created: /dev/null is not a directory',
    ],
    [['train', '--plot', '/'], 2, '--plot must name an .svg file'],
    [['train', '--max-classes', 'lots'], 2, '--max-classes must be a positive integer; got "lots"'],
  ])('%j fails with exit code %i and a clear message', (args, exitCode, message) => {
    const { code, stdout, stderr } = backprop(args);
    expect(code).toBe(exitCode);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(stdout).toBe('');
  });

  it('refuses a label that would make a billion classes, at once and in a few megabytes, and takes --max-classes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-csv-'));
    const file = join(dir, 'evil.csv');
    writeFileSync(file, 'a,b,label\n1,2,0\n3,4,1000000000\n5,6,0\n');
    const { code, stdout, stderr } = backprop(['train', '--data', file]);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toBe(
      `backprop: ${file}: the labels need 1000000001 classes (classes are 0 to the largest label, 1000000000 on line 3); ` +
        'the limit is 10000. If the data really is that large, raise it with the maxClasses option (backprop train --max-classes <n>)\n',
    );
    writeFileSync(file, `a,b,label\n${Array.from({ length: 60 }, (_, i) => `${i % 7},${i % 5},${i % 3}\n`).join('')}`);
    expect(backprop(['train', '--data', file, '--max-classes', '2']).stderr).toContain('the labels need 3 classes');
    const run = backprop([
      'train',
      '--data',
      file,
      '--max-classes',
      '3',
      '--epochs',
      '1',
      '--quiet',
      '--max-features',
      '2',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('saves the model before it writes the plot', () => {
    const { cwd, code, stdout } = backprop([
      'train',
      '--data',
      'iris',
      '--epochs',
      '1',
      '--save',
      'model',
      '--plot',
      'deep/er/curve.svg',
    ]);
    expect(code).toBe(0);
    expect(stdout.indexOf('saved: model')).toBeGreaterThan(0);
    expect(stdout.indexOf('saved: model')).toBeLessThan(stdout.indexOf('plot: deep/er/curve.svg'));
    expect(existsSync(join(cwd, 'deep/er/curve.svg'))).toBe(true);
  });

  it('says how to install Fashion-MNIST when it is missing', () => {
    const { code, stderr } = backprop(['train', '--data', 'fashion-mnist'], {
      BACKPROP_FASHION_MNIST_DIR: '/nonexistent/fashion',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('apt-get install dataset-fashion-mnist');
  });

  it('--model resnet trains on the digits images with augmentation and saves pixels scaled to [0, 1]', () => {
    const { cwd, code, stdout, stderr } = backprop(
      ['train', '--model', 'resnet', '--epochs', '10', '--horizontal-flip', '--translation', '0.1', '--save', 'model'],
      { BACKPROP_BACKEND: 'wasm' },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^model: resnet on 8x8x1 images, softmax over 10 classes, \d+ parameters; adam, cosine decay; 10 epochs/m,
    );
    expect(stdout).toMatch(/^epoch 10\/10  loss /m);
    // Batch norm's moving statistics follow the batches by 1 % a step (Keras' momentum 0.99): after 3 epochs
    // of 41 steps they were far off and the test accuracy 0.25; after 10 it was 0.94 here.
    expect(Number(stdout.match(/^test accuracy (\d\.\d{4})/m)?.[1])).toBeGreaterThan(0.8);
    // The digits' pixels are 0..16: the largest of the training rows scales them.
    expect(JSON.parse(readFileSync(join(cwd, 'model', 'preprocessing.json'), 'utf8'))).toEqual({ scale: 1 / 16 });
  });

  it('says which images an image network or augmentation needs', () => {
    const cnn = backprop(['train', '--model', 'cnn']);
    expect(cnn.code).toBe(1);
    expect(cnn.stderr).toContain(
      'backprop: --model cnn needs images of at least 10x10 pixels (two 3x3 convolutions and two pools of 2 leave ' +
        'nothing of smaller ones); got 8x8: use --model resnet or larger images',
    );
    const iris = backprop(['train', '--data', 'iris', '--rotation', '10']);
    expect(iris.code).toBe(1);
    expect(iris.stderr).toContain(
      'backprop: augmentation needs images (fashion-mnist, digits or a directory of IDX images); iris has rows of 4 ' +
        'features without an image shape',
    );
    const layers = backprop(['train', '--model', 'resnet', '--layers', '32']);
    expect(layers.code).toBe(2);
    expect(layers.stderr).toContain('--layers shapes --model mlp; --model resnet is a fixed network (see --help)');
  });

  it('reports a bad CSV field with its line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-csv-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'a,b,label\n1,2,0\n3,oops,1\n');
    const { code, stderr } = backprop(['train', '--data', file]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file} line 3, column 2: expected a number in feature column (b); got "oops"`);
  });

  it('info lists the backends, the instruction sets, threads and versions', () => {
    const { code, stdout } = backprop(['info']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^backprop \d+\.\d+\.\d+ +\(Node \d+/);
    expect(stdout).toMatch(/hardware threads; instruction sets: /);
    expect(stdout).toMatch(/default backend: (native|wasm|js)/);
    expect(stdout).toMatch(/backends that load here:\n {2}(native|wasm|js)/);
  });

  it('bench --json prints one JSON object per line for the kernels suite', () => {
    const { code, stdout } = backprop(['bench', '--suite', 'kernels', '--backend', 'js', '--quick', '--json']);
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      expect(row).toMatchObject({ suite: 'kernels', backend: 'js' });
      expect(row.elementsPerSec).toBeGreaterThan(0);
    }
    expect(rows.map((r) => r.kernel)).toContain('adam step');
  });

  it('bench step and inference measure a backend in child processes: step time, throughput and latency', () => {
    const args = ['--suite', 'step,inference', '--backend', 'wasm', '--rounds', '1', '--json'];
    const { code, stdout } = backprop(['bench', ...args]);
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ suite: 'step', backend: 'wasm', batchSize: 1, network: '4-30-16-3' });
    expect(rows[0].usPerStep).toBeGreaterThan(0);
    expect(rows[1]).toMatchObject({ suite: 'inference', backend: 'wasm', rows: 1000, network: '784-256-128-10' });
    expect(rows[1].samplesPerSec).toBeGreaterThan(0);
    expect(rows[2]).toMatchObject({ suite: 'inference', backend: 'wasm', rows: 1 });
    expect(rows[2].latencyUs).toBeGreaterThan(0);
    for (const row of rows) expect(row.load).toHaveLength(1);
  });

  it.runIf(existsSync('/usr/share/datasets/fashion-mnist'))(
    'bench cnn trains the CNN on our backend in a child process',
    () => {
      const args = ['--suite', 'cnn', '--backend', 'wasm', '--batches', '2', '--rounds', '1', '--json'];
      const { code, stdout } = backprop(['bench', ...args]);
      expect(code).toBe(0);
      const row = JSON.parse(stdout.trim());
      expect(row).toMatchObject({ suite: 'cnn', backend: 'wasm', threads: 1, batchSize: 128, batches: 2 });
      expect(row.samplesPerSec).toBeGreaterThan(0);
      // Four batches in (two warm-up): the loss has moved from ln 10 = 2.30 but not far.
      expect(row.finalLoss).toBeGreaterThan(0.5);
      expect(row.finalLoss).toBeLessThan(2.4);
    },
  );

  it.runIf(existsSync('/usr/share/datasets/fashion-mnist'))(
    'bench train measures our backend in a child process with its peak memory',
    () => {
      const args = ['--suite', 'train', '--backend', 'js', '--batches', '3', '--batch-size', '128', '--rounds', '1'];
      const { code, stdout } = backprop(['bench', ...args, '--json']);
      expect(code).toBe(0);
      const row = JSON.parse(stdout.trim());
      expect(row).toMatchObject({ suite: 'train', backend: 'js', threads: 1, batchSize: 128, batches: 3 });
      expect(row.roundValues).toEqual([row.samplesPerSec]);
      expect(row.load).toHaveLength(1);
      expect(row.samplesPerSec).toBeGreaterThan(0);
      // The data set alone is 55 MB of bytes: a peak below that would mean it was not loaded.
      expect(row.peakRssMb).toBeGreaterThan(55);
    },
  );
});
