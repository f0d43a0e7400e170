// The demo page: starts the training worker, draws the loss and accuracy after every epoch, and turns
// what a person draws into the data set's 8x8 form to classify it. window.demo keeps the state for
// whoever wants to read it (the page's test does).
import { downsample } from './downsample.js';

const EPOCHS = 30;
const status = document.getElementById('status');
const result = document.getElementById('result');
const pad = document.getElementById('pad');
const seen = document.getElementById('seen');
const bars = document.getElementById('bars');
const chart = document.getElementById('chart');

const demo = { info: undefined, epochs: [], test: undefined, prediction: undefined, error: undefined };
window.demo = demo;

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let nextId = 0;

worker.onmessage = ({ data: message }) => {
  if (message.type === 'ready') {
    demo.info = message.info;
    const simd = message.info.details.simd ? 'with SIMD' : 'without SIMD';
    status.textContent = `backend: ${message.info.backend} (${simd}); loading the digits…`;
    worker.postMessage({ type: 'train', epochs: EPOCHS });
  } else if (message.type === 'data') {
    status.textContent = `training on ${message.train} digits, validating on ${message.test}…`;
  } else if (message.type === 'epoch') {
    demo.epochs.push(message.logs);
    drawChart();
    status.textContent = `epoch ${message.epoch + 1} of ${EPOCHS}: validation accuracy ${percent(message.logs.val_accuracy)}`;
  } else if (message.type === 'done') {
    demo.test = message.test;
    status.textContent =
      `trained on ${demo.info.backend}: ${percent(message.test.accuracy)} of ${message.test.rows} unseen digits ` +
      'right. Draw one.';
  } else if (message.type === 'prediction') {
    showPrediction(message.probabilities);
  } else if (message.type === 'error') {
    demo.error = message.message;
    status.textContent = `error: ${message.message}`;
  }
};

const percent = (value) => `${(100 * value).toFixed(1)} %`;

function drawChart() {
  const g = chart.getContext('2d');
  const { width, height } = chart;
  const left = 40,
    right = 40,
    top = 10,
    bottom = 28;
  const w = width - left - right,
    h = height - top - bottom;
  g.clearRect(0, 0, width, height);
  g.font = '11px system-ui, sans-serif';
  g.strokeStyle = '#888';
  g.strokeRect(left, top, w, h);
  const maxLoss = Math.max(...demo.epochs.flatMap((logs) => [logs.loss, logs.val_loss]));
  const xAt = (i) => left + (EPOCHS <= 1 ? 0 : (i / (EPOCHS - 1)) * w);
  g.fillStyle = '#d9534f';
  g.fillText(maxLoss.toFixed(2), 4, top + 8);
  g.fillText('0', 4, top + h);
  g.fillStyle = '#2e8b57';
  g.fillText('100 %', left + w + 4, top + 8);
  g.fillText('0 %', left + w + 4, top + h);
  g.fillStyle = '#555';
  g.fillText(`epoch (1-${EPOCHS})`, left + w / 2 - 30, height - 8);
  const line = (key, colour, dashed, scale) => {
    g.beginPath();
    g.setLineDash(dashed ? [5, 4] : []);
    g.strokeStyle = colour;
    g.lineWidth = 2;
    demo.epochs.forEach((logs, i) => {
      const y = top + h - (logs[key] / scale) * h;
      if (i === 0) g.moveTo(xAt(i), y);
      else g.lineTo(xAt(i), y);
    });
    g.stroke();
    g.setLineDash([]);
  };
  line('loss', '#d9534f', false, maxLoss);
  line('val_loss', '#d9534f', true, maxLoss);
  line('accuracy', '#2e8b57', false, 1);
  line('val_accuracy', '#2e8b57', true, 1);
}

// The drawing pad: black ink on white, strokes as thick as a pen on the data set's forms.
const ink = pad.getContext('2d', { willReadFrequently: true });
function clearPad() {
  ink.fillStyle = '#fff';
  ink.fillRect(0, 0, pad.width, pad.height);
  seen.getContext('2d').clearRect(0, 0, seen.width, seen.height);
  bars.textContent = '';
  result.textContent = '';
  demo.prediction = undefined;
}
clearPad();
let drawing = false;
const at = (event) => {
  const box = pad.getBoundingClientRect();
  return [event.clientX - box.left, event.clientY - box.top];
};
pad.addEventListener('pointerdown', (event) => {
  drawing = true;
  pad.setPointerCapture(event.pointerId);
  ink.beginPath();
  ink.lineWidth = 16;
  ink.lineCap = 'round';
  ink.lineJoin = 'round';
  ink.strokeStyle = '#000';
  ink.moveTo(...at(event));
  ink.lineTo(...at(event));
  ink.stroke();
});
pad.addEventListener('pointermove', (event) => {
  if (!drawing) return;
  ink.lineTo(...at(event));
  ink.stroke();
});
pad.addEventListener('pointerup', () => {
  drawing = false;
  classify();
});
document.getElementById('clear').addEventListener('click', clearPad);

function classify() {
  const { data, width, height } = ink.getImageData(0, 0, pad.width, pad.height);
  const darkness = new Float32Array(width * height);
  for (let i = 0; i < darkness.length; i++) darkness[i] = 1 - data[4 * i] / 255;
  const pixels = downsample(darkness, width, height);
  if (pixels === undefined) return;
  const g = seen.getContext('2d');
  const cell = seen.width / 8;
  pixels.forEach((v, i) => {
    const level = Math.round(255 - (v / 16) * 255);
    g.fillStyle = `rgb(${level}, ${level}, ${level})`;
    g.fillRect((i % 8) * cell, Math.floor(i / 8) * cell, cell, cell);
  });
  if (demo.test === undefined) {
    result.textContent = 'wait until the training ends';
    return;
  }
  worker.postMessage({ type: 'predict', id: nextId++, pixels });
}

function showPrediction(probabilities) {
  const best = probabilities.indexOf(Math.max(...probabilities));
  demo.prediction = { digit: best, probabilities };
  result.innerHTML = `it sees a <b id="digit">${best}</b> (${percent(probabilities[best])} sure)`;
  bars.textContent = '';
  probabilities.forEach((p, digit) => {
    const label = document.createElement('span');
    label.textContent = String(digit);
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.style.width = `${Math.max(1, p * 120)}px`;
    const value = document.createElement('span');
    value.textContent = percent(p);
    if (digit === best) label.className = value.className = 'best';
    bars.append(label, bar, value);
  });
}
