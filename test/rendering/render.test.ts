// The renderer is where a USSD screen is fitted to 160 GSM-7 characters, and where it says what it cut.
import { describe, expect, it } from 'vitest';
import { reply } from '../../flows/reply.js';
import { text } from '../../src/messages/text.js';
import { renderUssdScreen } from '../../src/rendering/render.js';

describe('USSD screens', () => {
  it('cuts nothing when the screen fits', () => {
    expect(renderUssdScreen(reply([text('Hi', 'Habari')], [text('Pay', 'Lipa')], { back: true }), 'en')).toEqual({ text: 'Hi\n1. Pay\n0. Back', cut: 'none' });
  });

  it('shortens the text above the options, never the options, and says so', () => {
    const screen = renderUssdScreen(reply([text('x'.repeat(200), 'x')], [text('Pay', 'Lipa')]), 'en');
    expect(screen.cut).toBe('text');
    expect(screen.text.length).toBe(160);
    expect(screen.text.endsWith('..\n1. Pay')).toBe(true);
  });

  it('reports a screen whose options cannot all fit: a flow whose short texts are too long', () => {
    const options = Array.from({ length: 9 }, (_, i) => text(`Option number ${i} with a long name`, 'x'));
    const screen = renderUssdScreen(reply([text('Choose', 'Chagua')], options), 'en');
    expect(screen.cut).toBe('options');
    expect(screen.text.length).toBeLessThanOrEqual(160);
  });
});
