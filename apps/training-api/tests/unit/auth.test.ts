import { checkBearer, parseTokens } from '@mesh/training-api';

describe('checkBearer', () => {
  const tokens = parseTokens(' alpha , beta,, ');

  it('reads MESH_API_TOKENS as a comma-separated list', () => {
    expect(tokens).toEqual(['alpha', 'beta']);
  });

  it('accepts a configured token', () => {
    expect(checkBearer('Bearer beta', tokens)).toEqual({ ok: true });
    expect(checkBearer('bearer alpha', tokens)).toEqual({ ok: true });
  });

  it('answers 401 without a bearer token and 403 with a wrong one', () => {
    expect(checkBearer(undefined, tokens)).toMatchObject({ ok: false, status: 401 });
    expect(checkBearer('Basic YWxwaGE6', tokens)).toMatchObject({ ok: false, status: 401 });
    expect(checkBearer('Bearer gamma', tokens)).toMatchObject({ ok: false, status: 403 });
    expect(checkBearer('Bearer alph', tokens)).toMatchObject({ ok: false, status: 403 });
  });

  it('says how to configure tokens when there are none', () => {
    expect(checkBearer(undefined, [])).toMatchObject({
      status: 401,
      message: expect.stringContaining('set MESH_API_TOKENS'),
    });
    expect(checkBearer('Bearer anything', [])).toMatchObject({ status: 403 });
  });
});
