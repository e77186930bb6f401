import { sourcesSchema, type Sources } from '../protocol.js';
import { el, getJson } from './api.js';
import { DemoView } from './demo-view.js';
import { RunsView } from './runs-view.js';

/** What the page shows: `#file/N` (a pickle) or `#runs` (the training dashboard). */
interface View {
  close(): void;
}

function required(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`index.html has no #${id}`);
  return node;
}

const nav = required('nav');
const root = required('view');
let current: View | null = null;

function route(sources: Sources): void {
  const hash = location.hash || (sources.files.length > 0 ? '#file/0' : '#runs');
  for (const link of nav.querySelectorAll('a')) link.classList.toggle('current', link.getAttribute('href') === hash);
  current?.close();
  root.replaceChildren();
  const file = /^#file\/(\d+)$/.exec(hash);
  if (file && Number(file[1]) < sources.files.length) current = new DemoView(root, Number(file[1]));
  else if (sources.runs.length > 0) current = new RunsView(root, sources.runs);
  else {
    current = null;
    root.append(el('p', 'error', `nothing at ${hash}`));
  }
}

try {
  const sources = await getJson('/api/sources', sourcesSchema);
  sources.files.forEach((name, i) => {
    const link = el('a', '', name);
    link.href = `#file/${i}`;
    nav.append(link);
  });
  if (sources.runs.length > 0) {
    const link = el('a', '', `training runs (${sources.runs.join(', ')})`);
    link.href = '#runs';
    nav.append(link);
  }
  window.addEventListener('hashchange', () => route(sources));
  route(sources);
} catch (error) {
  root.replaceChildren(el('p', 'error', error instanceof Error ? error.message : String(error)));
}
