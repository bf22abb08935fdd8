// Casualty figures of an attack as the API gives them (`fatalities`, `injured`: {count, exact}
// or null): "27 killed, 30+ injured", a `+` marking a lower bound ("at least", "dozens").
// No DOM here, so node's unit tests can import it.

/// "27" for an exact figure, "30+" for a lower bound.
export function tollCount(t) {
  return t.exact ? String(t.count) : `${t.count}+`;
}

/// "27 killed, 30+ injured"; only the figures that are known; '' when neither is.
export function formatTolls(fatalities, injured) {
  const parts = [];
  if (fatalities) parts.push(`${tollCount(fatalities)} killed`);
  if (injured) parts.push(`${tollCount(injured)} injured`);
  return parts.join(', ');
}
