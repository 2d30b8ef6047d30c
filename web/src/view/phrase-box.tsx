/**
 * The text box for a phrase: Ground finds the phrase's regions in the picture (Enter), Refer
 * selects the regions it refers to among the current ones. Shown only with a naming model.
 */
import type { RefObject } from 'preact';
import { useState } from 'preact/hooks';

export interface PhraseBoxProps {
  disabled: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
  onGround: (phrase: string) => void;
  onRefer: (phrase: string) => void;
}

export function PhraseBox({ disabled, inputRef, onGround, onRefer }: PhraseBoxProps) {
  const [text, setText] = useState('');
  const phrase = text.trim();
  return (
    <form
      class="text"
      onSubmit={(event) => {
        event.preventDefault();
        if (phrase) onGround(phrase);
      }}
    >
      <input ref={inputRef} id="text" placeholder="a phrase (/)" value={text} disabled={disabled} onInput={(e) => setText(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()} />
      <button type="submit" id="ground" disabled={disabled || !phrase} title="find the phrase's regions in the picture">
        Ground
      </button>
      <button type="button" id="refer" disabled={disabled || !phrase} onClick={() => onRefer(phrase)} title="select the regions the phrase refers to">
        Refer
      </button>
    </form>
  );
}
