import { describe, expect, it } from 'vitest';
import { twilioSignature, twilioSignatureValid } from './twilio-signature.ts';

describe('X-Twilio-Signature', () => {
  // Twilio's published example (docs "Webhooks security", validating requests).
  const token = '12345';
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };

  it('matches Twilio\'s published example vector', () => {
    expect(twilioSignature(token, url, params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('accepts the right signature and refuses any change to URL, parameters, token or signature', () => {
    expect(twilioSignatureValid(token, url, params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=')).toBe(true);
    expect(twilioSignatureValid(token, url, { ...params, Digits: '1235' }, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=')).toBe(false);
    expect(twilioSignatureValid(token, url.replace('foo=1', 'foo=2'), params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=')).toBe(false);
    expect(twilioSignatureValid('54321', url, params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ=')).toBe(false);
    expect(twilioSignatureValid(token, url, params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ')).toBe(false);
    expect(twilioSignatureValid(token, url, params, undefined)).toBe(false);
  });
});
