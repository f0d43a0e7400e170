/**
 * Module source that defines `peakMb()` in a child Node process: its peak RSS in MB, the high-water mark of
 * its own memory (VmHWM) where Linux gives it. The resource usage's maxRSS is not the child's alone: Linux
 * keeps across exec the peak of the process that forked it (the test runner's, often larger than the child's).
 */
export const CHILD_PEAK_MB = `import { existsSync as exists, readFileSync as read } from 'node:fs';
const peakMb = () => exists('/proc/self/status')
  ? Number(/VmHWM:\\s+(\\d+) kB/.exec(read('/proc/self/status', 'utf8'))[1]) / 1024
  : process.resourceUsage().maxRSS / 1024;`;
