// A Web Worker's script: trains XOR (train-xor.js) off the page's thread and posts the result to the page.
import { trainXor } from './train-xor.js';

trainXor().then(
  (result) => postMessage({ result }),
  (error) => postMessage({ error: String((error && error.stack) || error) }),
);
