// Reads the fenced code blocks of a Markdown file, so tests run the docs' examples from the docs' own text.
import { readFileSync } from 'node:fs';

/**
 * Every fenced block of `markdown`, in order: `{ language, info, text, section }`, where `section` is the
 * nearest `#`…`######` heading above it. Indented fences (inside list items) are read too, their indent removed.
 */
export function codeBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  let section = '';
  let open;
  for (const line of lines) {
    if (open) {
      const closing = line.trim() === open.fence;
      if (closing) {
        blocks.push({ language: open.language, info: open.info, text: open.lines.join('\n') + '\n', section: open.section });
        open = undefined;
      } else {
        open.lines.push(line.startsWith(open.indent) ? line.slice(open.indent.length) : line.trimStart());
      }
      continue;
    }
    const fence = /^(\s*)(```+)(.*)$/.exec(line);
    if (fence) {
      const info = fence[3].trim();
      open = { indent: fence[1], fence: fence[2], info, language: info.split(/\s+/)[0], lines: [], section };
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) section = heading[1].trim();
  }
  if (open) throw new Error(`A code block under "${open.section}" is never closed.`);
  return blocks;
}

/** The code blocks of the Markdown file at `url` (a file URL or path). */
export function codeBlocksOf(url) {
  return codeBlocks(readFileSync(url, 'utf8'));
}

/** The `index`-th block (0 = first) of `language` in `blocks` whose section matches `section`; throws a sentence when missing. */
export function findBlock(blocks, { language, section, index = 0, label }) {
  const matching = blocks.filter((block) => block.language === language && (section === undefined || block.section === section));
  const block = matching[index];
  if (!block) {
    throw new Error(`${label ?? 'The Markdown'} has no ${language} block #${index + 1}${section === undefined ? '' : ` under "${section}"`}; the test runs that example.`);
  }
  return block.text;
}
