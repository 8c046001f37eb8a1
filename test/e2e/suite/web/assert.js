// Node's `assert`, as far as the suite uses it, for the web worker extension host (no Node
// modules there): the web bundle (test/e2e/api.mjs) maps `require('assert')` here.
function fail(message, detail) {
  const error = new Error(message ? `${message}\n${detail}` : detail);
  error.name = 'AssertionError';
  throw error;
}
const show = value => {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
};
function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every(k => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}
const assert = (value, message) => assert.ok(value, message);
assert.ok = (value, message) => value || fail(message, `expected a truthy value, got ${show(value)}`);
assert.strictEqual = (actual, expected, message) =>
  Object.is(actual, expected) || fail(message, `${show(actual)} !== ${show(expected)}`);
assert.notStrictEqual = (actual, expected, message) =>
  !Object.is(actual, expected) || fail(message, `${show(actual)} === ${show(expected)}`);
assert.deepStrictEqual = (actual, expected, message) =>
  deepEqual(actual, expected) || fail(message, `${show(actual)}\n  is not deeply equal to\n${show(expected)}`);
assert.match = (text, regex, message) => regex.test(text) || fail(message, `${show(text)} does not match ${regex}`);
assert.doesNotMatch = (text, regex, message) => !regex.test(text) || fail(message, `${show(text)} matches ${regex}`);
module.exports = assert;
