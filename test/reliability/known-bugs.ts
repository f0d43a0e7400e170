// Bugs the fuzzers found that are reported and being fixed in the library. Their findings are counted
// and printed but do not fail the suites; delete an entry once its fix is merged (the suites then fail if
// the bug comes back). Every entry says what is wrong and how to see it in a few lines.
import type { KnownBug } from './verdict.js';

const PROTOTYPE_NAME = '(__proto__|constructor|toString|valueOf|hasOwnProperty|__defineGetter__)';

export const KNOWN_API_BUGS: readonly KnownBug[] = [
  {
    id: 'layer-options-not-checked-before-use',
    reproducer: "layers.dense(null) // TypeError: Cannot read properties of null (reading 'name'), from the Layer constructor; layers.activation([]) returns a linear layer",
    matches: (call) => /^layers\.\w+\((null|\[\]|3|"x"|true|Symbol\(\)|\(\) => \{\})\)$/.test(call),
  },
  {
    id: 'initializer-names-found-on-the-prototype',
    reproducer: "layers.dense({ inputShape: [2], units: 1, kernelInitializer: 'valueOf' }) // TypeError: Cannot convert undefined or null to object; kernelInitializer: [] is accepted (Array.prototype.fill) and leaves the kernel at zero",
    matches: (call, problem) => new RegExp(`Initializer: ("${PROTOTYPE_NAME}"|\\[\\])`).test(call) || /initializer\.fill is not a function|init\.getConfig is not a function/.test(problem),
  },
  {
    id: 'initializer-factories-do-not-check-options',
    reproducer: "initializers.randomNormal(null) // TypeError: Cannot read properties of null (reading 'mean'); initializers.randomNormal({ stddev: -1 }) and randomUniform({ minval: 2, maxval: 1 }) are accepted",
    matches: (call) => call.startsWith('initializers.'),
  },
  {
    id: 'setWeights-entry-not-checked',
    reproducer: "model.setWeights(model.getWeights().map(() => 'w')) // TypeError: Cannot read properties of undefined (reading 'length')",
    matches: (call, problem) => call.startsWith('model.setWeights(weight') && problem.includes('Cannot read properties'),
  },
  {
    id: 'bigint-and-symbol-arguments-break-error-messages',
    reproducer: "layers.dropout({ rate: 3n }) // TypeError: Do not know how to serialize a BigInt (the message builder calls JSON.stringify); getBackend().scale(3n, 2, x) // Cannot mix BigInt; oneHot([1], Symbol()) // Cannot convert a Symbol value to a string",
    matches: (_call, problem) => /serialize a BigInt|Cannot mix BigInt|Cannot convert a Symbol value/.test(problem),
  },
  {
    id: 'fit-callbacks-not-checked',
    reproducer: 'model.fit(x, y, { callbacks: [{ onEpochEnd: 5 }] }) // TypeError: c.onEpochEnd is not a function; ' +
      'model.fit(x, y, { callbacks: {} }) // TypeError: (args.callbacks ?? []) is not iterable',
    matches: (call, problem) => call.startsWith('model.fit(') && /\bc\.on\w+ is not a function|callbacks \?\? \[\]\) is not iterable/.test(problem),
  },
  {
    id: 'layer-names-found-on-the-prototype-in-gradientNorms',
    reproducer: "const m = sequential([layers.dense({ name: 'constructor', inputShape: [2], units: 1 })]); m.compile({ optimizer: 'sgd', loss: 'mse' }); " +
      "await m.fit([[1, 2]], [[1]], { recordGradientNorms: true, verbose: 0 }) // TypeError: history.gradientNorms[layer.name].push is not a function",
    matches: (call, problem) => call.startsWith('model.fit(') && problem.includes('gradientNorms[layer.name].push is not a function'),
  },
  {
    id: 'backend-option-not-checked',
    reproducer: "sequential({ layers: [layers.dense({ inputShape: [2], units: 1 })], backend: 'js' }).predict([[1, 2]]) " +
      "// TypeError: wanted.allocate is not a function; loadModel(artifacts, { backend: 'native' }) the same (wrapped in a ModelFormatError when compiled)",
    matches: (call, problem) => /backend: (?!createJsBackend)/.test(call) && problem.includes('allocate is not a function'),
  },
  {
    id: 'callback-options-not-checked',
    reproducer: "callbacks.earlyStopping({ monitor: 3 }) and callbacks.modelCheckpoint({ filepath: '' }) are accepted; the second fails at the first epoch with ENOENT: mkdir ''",
    matches: (call, problem) => (/^callbacks\.earlyStopping\(\{.*monitor: (\{|\d)/.test(call) || /^(callbacks\.modelCheckpoint|model\.fit)\(.*filepath: ""/.test(call)) &&
      /^returned|mkdir ''/.test(problem),
  },
  {
    id: 'save-errors-not-wrapped',
    reproducer: "await model.save('/dev/null/m') // Error: ENOTDIR: not a directory, mkdir '/dev/null/m' (a raw fs error; loading says \"backprop: cannot load the model: ... cannot be read\")",
    matches: (call, problem) => /modelCheckpoint\(\{ filepath: "\/dev\/null/.test(call) && problem.includes('ENOTDIR'),
  },
  {
    id: 'summary-line-length-not-checked',
    reproducer: 'model.summary(-5) // RangeError: Invalid count value: -5 (String.prototype.repeat)',
    matches: (call, problem) => call.startsWith('model.summary(') && problem.includes('Invalid count value'),
  },
];

export const KNOWN_MODEL_FILE_BUGS: readonly KnownBug[] = [
  {
    id: 'deeply-nested-values-overflow-the-stack',
    reproducer: 'let deep = 1; for (let i = 0; i < 10000; i++) deep = [deep]; const a = await model.save(); a.modelJson.weightsManifest.weights[0].shape = deep; ' +
      'await loadModel(a) // RangeError: Maximum call stack size exceeded (shape.join in src/model/io.ts); as a layer activation or in metrics the ' +
      'ModelFormatError wraps "Maximum call stack size exceeded" (JSON.stringify of the value in the message)',
    matches: (call, problem) => call.endsWith('nested 10000 deep') && problem.includes('Maximum call stack size exceeded'),
  },
  {
    id: 'saved-initializer-errors-not-ModelFormatError',
    reproducer: "const a = await model.save(); a.modelJson.modelTopology.config.layers[0].config.kernelInitializer.className = 'toString'; await loadModel(a) " +
      "// TypeError (raw, from initializerFromConfig outside layerFromSaved's try), not ModelFormatError; the same for a missing or non-string className " +
      "and bad initializer config values (RangeError); an initializer saved as the string \"hasOwnProperty\" gives a ModelFormatError wrapping \"Cannot convert undefined or null to object\"",
    matches: (call, problem) => /Initializer\b/.test(call) && !problem.startsWith('loaded'),
  },
  {
    id: 'saved-layer-className-found-on-the-prototype',
    reproducer: "const a = await model.save(); a.modelJson.modelTopology.config.layers[0].className = 'valueOf'; await loadModel(a) " +
      "// ModelFormatError wrapping \"Cannot convert undefined or null to object\" (\"make is not a function\" for __proto__): FACTORIES in src/model/serialization.ts is a plain object",
    matches: (call, problem) => /layers\.\d+\.className = "(__proto__|constructor|toString|valueOf|hasOwnProperty|prototype)"/.test(call) && !problem.startsWith('loaded'),
  },
];
