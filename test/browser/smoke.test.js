import { expect } from '@open-wc/testing';
import { KlarnaError } from '../../dist/index.js';

describe('package in the browser', () => {
  it('exports the root error class', () => {
    const error = new KlarnaError('x');
    expect(error).to.be.instanceOf(Error);
    expect(error.name).to.equal('KlarnaError');
  });
});
