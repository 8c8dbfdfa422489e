'use strict';
// Type tests with the semantics of the lodash helpers jsonwebtoken 9.0.2 validates with,
// so that the same option values are accepted and rejected.

const objectToString = Object.prototype.toString;
const objectConstructorSource = Function.prototype.toString.call(Object);

function isPlainObject(value) {
  if (
    value === null ||
    typeof value !== 'object' ||
    objectToString.call(value) !== '[object Object]'
  ) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return true;
  const ctor = Object.prototype.hasOwnProperty.call(proto, 'constructor') && proto.constructor;
  // The common case, decided without converting the constructor's source to a string.
  if (ctor === Object) return true;
  return (
    typeof ctor === 'function' &&
    ctor instanceof ctor &&
    Function.prototype.toString.call(ctor) === objectConstructorSource
  );
}

function isString(value) {
  return (
    typeof value === 'string' ||
    (value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      objectToString.call(value) === '[object String]')
  );
}

function isNumber(value) {
  return (
    typeof value === 'number' ||
    (value !== null &&
      typeof value === 'object' &&
      objectToString.call(value) === '[object Number]')
  );
}

function isBoolean(value) {
  return (
    value === true ||
    value === false ||
    (value !== null &&
      typeof value === 'object' &&
      objectToString.call(value) === '[object Boolean]')
  );
}

function isInteger(value) {
  return typeof value === 'number' && Number.isInteger(value);
}

module.exports = { isPlainObject, isString, isNumber, isBoolean, isInteger };
