import type { ComponentChildren } from 'preact';

/**
 * An organisation's information text in its tiny markup (issue 9): "# " starts a heading, "- " a
 * list item, a blank line ends a paragraph. Everything is rendered as text nodes (Preact escapes
 * them): no HTML from the text ever reaches the page.
 */
export function PatientText({ text }: { text: string }) {
  const blocks: ComponentChildren[] = [];
  let list: string[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) blocks.push(<p key={blocks.length}>{paragraph.join(' ')}</p>);
    if (list.length > 0) {
      blocks.push(
        <ul key={blocks.length}>
          {list.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>,
      );
    }
    paragraph = [];
    list = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('# ')) {
      flush();
      blocks.push(<h2 key={blocks.length}>{line.slice(2)}</h2>);
    } else if (line.startsWith('- ')) {
      if (paragraph.length > 0) {
        const pending = list;
        list = [];
        flush();
        list = pending;
      }
      list.push(line.slice(2));
    } else if (line.trim() === '') flush();
    else {
      if (list.length > 0) flush();
      paragraph.push(line);
    }
  }
  flush();
  return <div class="patient-text">{blocks}</div>;
}
