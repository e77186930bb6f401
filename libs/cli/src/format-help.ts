import type { FieldInfo } from './internal/field-kind.js';
import type { CliInfo } from './cli-info.js';

/** Renders --help: usage, summary, then one line per flag with its type, help and default. */
export function formatHelp(info: CliInfo, flags: readonly { flag: string; field: FieldInfo }[]): string {
  const positionals = (info.positionals ?? []).map((p) => ` ${p}`).join('');
  const lines = [`Usage: ${info.command}${positionals} [flags]`, '', info.summary, '', 'Flags:'];
  const left = flags.map(({ flag, field }) => `  --${flag}${placeholder(field)}`);
  const width = Math.min(34, Math.max(...left.map((l) => l.length)) + 2);
  flags.forEach(({ field }, i) => {
    const pad = left[i].length >= width ? `\n${' '.repeat(width)}` : ' '.repeat(width - left[i].length);
    const parts = [field.description || '(no description)'];
    if (field.choices) parts.push(`one of: ${field.choices.join(', ')}.`);
    if (field.kind.endsWith('-list')) parts.push('Repeatable.');
    if (field.defaultValue !== undefined) parts.push(`(default: ${formatDefault(field.defaultValue)})`);
    else if (!field.optional) parts.push('(required)');
    lines.push(`${left[i]}${pad}${parts.join(' ')}`);
  });
  lines.push(`  --help${' '.repeat(Math.max(1, width - 8))}Show this help and exit.`);
  return lines.join('\n');
}

function formatDefault(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(', ');
  return typeof value === 'string' ? (value === '' ? '""' : value) : JSON.stringify(value);
}

function placeholder(field: FieldInfo): string {
  switch (field.kind) {
    case 'boolean':
      return '';
    case 'number':
    case 'number-list':
      return ' <n>';
    default:
      return field.choices ? ` <${field.choices.join('|')}>` : ' <text>';
  }
}
