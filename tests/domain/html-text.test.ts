import { describe, expect, it } from 'vitest';
import { htmlToText, MAX_TEXT } from '../../src/domain/html-text';

describe('a description as plain text', () => {
  it('ends a line at each block element and joins inline ones to their text', () => {
    expect(htmlToText('<h2>Fit</h2><ul><li>Relaxed <b>fit</b></li><li>True to size</li></ul><p>Wash<br>cold</p>')).toBe(
      'Fit\nRelaxed fit\nTrue to size\nWash\ncold',
    );
  });

  it('decodes character references and leaves a bare ampersand as it is', () => {
    expect(htmlToText('<p>Salt &amp; pepper &lt;3 &#39;n&#x27; more&nbsp;&unknown; R&D</p>')).toBe("Salt & pepper <3 'n' more &unknown; R&D");
  });

  it('drops scripts, styles and comments with their content, in any case', () => {
    expect(htmlToText('<p>a</p><SCRIPT>alert("<p>x</p>")</script><style>p{}</style><!-- note --><p>b</p>')).toBe('a\nb');
  });

  it('collapses runs of spaces and blank lines', () => {
    expect(htmlToText('<p>  one\n   two  </p>\n\n<p></p><div> three </div>')).toBe('one two\nthree');
  });

  it('has nothing to say about an empty or missing description', () => {
    expect([htmlToText(null), htmlToText(''), htmlToText('<p> </p>')]).toEqual([null, null, null]);
  });

  it('cuts a huge description at MAX_TEXT characters', () => {
    const text = htmlToText(`<p>${'word '.repeat(100_000)}</p>`)!;
    expect(text.length).toBe(MAX_TEXT);
    expect(text.startsWith('word word')).toBe(true);
  });

  it('ends an unclosed script at the end of the input', () => {
    expect(htmlToText('<p>kept</p><script>never closed <p>lost</p>')).toBe('kept');
  });
});
