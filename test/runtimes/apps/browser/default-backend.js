// A web page's script that calls initBackend() with no options from an esbuild bundle, where the package's
// .wasm is not beside the bundle: the browser entry cannot fetch it, so it must fall back to js and say why
// once on the console (never silently, never by throwing).
import { backendInfo, initBackend } from 'backprop-nn';

initBackend().then(
  () => (window.__result = { info: backendInfo() }),
  (error) => (window.__error = String((error && error.stack) || error)),
);
