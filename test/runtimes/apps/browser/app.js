// A web page's script: trains XOR (train-xor.js) on the page's thread and leaves the result on window.
import { trainXor } from './train-xor.js';

trainXor().then(
  (result) => (window.__result = result),
  (error) => (window.__error = String((error && error.stack) || error)),
);
