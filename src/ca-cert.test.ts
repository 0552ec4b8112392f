/**
 * `caCert` is checked as kuma-dp's Go code reads it (issue 12): PEM by `encoding/pem` rules, each CERTIFICATE
 * block by the shape `x509.ParseCertificate` reads. Real certificates of each key type pass, and Node's own X.509
 * parser agrees; every truncation fails; the mistakes users make get a message that says what to do.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { certificateProblem, checkCaCert } from './ca-cert.ts';
import { decodeBase64, readPem } from './pem.ts';
import { TEST_CA } from './testing/test-ca.ts';

const ca = suite('caCert');
const dir = new URL('../testdata/ca-certs/', import.meta.url);
const FIXTURES = ['rsa-2048.pem', 'ec-p384.pem', 'ed25519.pem', 'v1-no-extensions.pem'];
const pems = new Map(FIXTURES.map((name) => [name, readFileSync(new URL(name, dir), 'utf8')]));
pems.set('TEST_CA', TEST_CA);

const armour = (type: string, der: Uint8Array): string =>
  `-----BEGIN ${type}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${type}-----\n`;
const derOf = (pem: string): Uint8Array => readPem(pem).blocks[0]!.bytes;

const nodeAccepts = (pem: string): boolean => {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
};

ca('a real certificate of each key type loads, and Node reads each too', () => {
  for (const [name, pem] of pems) {
    assert.equal(checkCaCert(pem), { skipped: [] }, name);
    assert.ok(nodeAccepts(pem), `${name}: Node's X509Certificate reads it`);
  }
});

ca('the PEM reader yields the DER Node reads', () => {
  for (const [name, pem] of pems) {
    assert.equal(Buffer.from(derOf(pem)), new X509Certificate(pem).raw, name);
  }
});

ca('every truncation of every certificate is refused, as Node refuses it', () => {
  let cases = 0;
  for (const [name, pem] of pems) {
    const der = derOf(pem);
    for (let length = 1; length < der.length; length++) {
      const cut = der.subarray(0, length);
      assert.type(certificateProblem(cut), 'string', `${name} cut to ${length} bytes`);
      assert.not.ok(nodeAccepts(armour('CERTIFICATE', cut)), `${name} cut to ${length}: Node accepts it`);
      cases++;
    }
  }
  assert.ok(cases > 2000, `${cases} truncations`);
});

ca('trailing bytes after the certificate are refused', () => {
  const der = derOf(TEST_CA);
  assert.match(certificateProblem(Uint8Array.from([...der, 0])) ?? '', /not one DER SEQUENCE|ends inside/);
});

ca('a bundle of several CAs loads, and text around the blocks is skipped as Go skips it', () => {
  const bundle = `Bag Attributes\n    friendlyName: kuma\n${pems.get('rsa-2048.pem')}\n# and the next one\n${pems.get('ec-p384.pem')}`;
  assert.equal(checkCaCert(bundle), { skipped: [] });
});

ca('CRLF line endings, trailing spaces and indented base64 lines load', () => {
  const crlf = TEST_CA.replace(/\n/g, '\r\n');
  assert.equal(checkCaCert(crlf), { skipped: [] });
  const spaced = TEST_CA.replace(/\n/g, '  \n').replace(/\n([A-Za-z0-9])/g, '\n\t$1');
  assert.equal(checkCaCert(spaced), { skipped: [] });
});

ca("the README's literal `...` is refused, naming the missing END line", () => {
  const check = checkCaCert('-----BEGIN CERTIFICATE-----\n...\n');
  assert.match(check.error ?? '', /^holds no certificate kuma-dp can load \(it would refuse to start\): a `-----BEGIN CERTIFICATE` block is skipped: it has no END line$/);
  assert.match(checkCaCert('-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n').error ?? '', /its body is not base64/);
});

ca('a word, an empty block and a base64 string that is no certificate are refused', () => {
  assert.match(checkCaCert('hello').error ?? '', /^is not PEM: expected a `-----BEGIN CERTIFICATE-----` block/);
  assert.match(checkCaCert('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n').error ?? '', /certificate 1 is skipped: it is empty/);
  // The placeholder the golden tests used to carry: 68 base64 characters, so not base64 at all.
  const fake = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUTestOnlyCertificateForGoldenTests0wCgYIKoZIzj0E\n-----END CERTIFICATE-----\n';
  assert.match(checkCaCert(fake).error ?? '', /block is skipped: its body is not base64$/);
  // A certificate's first line alone: valid base64 and a DER start, with the rest missing.
  const firstLine = `-----BEGIN CERTIFICATE-----\n${TEST_CA.split('\n')[1]}\n-----END CERTIFICATE-----\n`;
  assert.match(checkCaCert(firstLine).error ?? '', /certificate 1 is skipped: an element claims 402 bytes and only 44 follow$/);
});

ca('base64 of a PEM, as a Secret\'s data holds it, is refused with the fix', () => {
  const encoded = Buffer.from(TEST_CA).toString('base64');
  assert.match(checkCaCert(encoded).error ?? '', /is base64 of a PEM .*decode it first \(`base64 -d`\)/);
});

ca('a private key beside the certificate is refused: it would land in every Pod spec', () => {
  const key = armour('EC PRIVATE KEY', Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x01]));
  assert.match(checkCaCert(`${TEST_CA}${key}`).error ?? '', /holds a private key \(`-----BEGIN EC PRIVATE KEY-----`\).*every Pod spec/);
  assert.match(checkCaCert(armour('PRIVATE KEY', Uint8Array.from([1, 2, 3]))).error ?? '', /private key/);
});

ca('a block kuma-dp skips beside one it loads is a warning that names it', () => {
  const broken = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  assert.equal(checkCaCert(`${TEST_CA}${broken}`), { skipped: ['certificate 2 is skipped: it ends inside a length'] });
  const withHeaders = TEST_CA.replace('-----\n', '-----\nProc-Type: 4,ENCRYPTED\n\n');
  assert.equal(checkCaCert(`${withHeaders}${pems.get('ed25519.pem')}`), { skipped: ['certificate 1 is skipped: it has PEM headers'] });
  assert.equal(checkCaCert(`${TEST_CA}${armour('X509 CRL', Uint8Array.from([0x30, 0]))}`), { skipped: ['a `X509 CRL` block is skipped: kuma-dp reads only CERTIFICATE blocks'] });
});

ca('an END line of another type breaks the block', () => {
  const wrong = TEST_CA.replace('-----END CERTIFICATE-----', '-----END CERTIFICATES-----');
  assert.match(checkCaCert(wrong).error ?? '', /its END line is "-----END CERTIFICATES-----", not "-----END CERTIFICATE-----"/);
});

ca('a certificate whose inner and outer signature algorithms differ is refused, as Go refuses it', () => {
  const rsa = derOf(pems.get('rsa-2048.pem')!);
  const ec = derOf(pems.get('ec-p384.pem')!);
  // Same lengths would be needed to splice; instead flip one byte inside the outer algorithm's OID.
  const outer = Buffer.from(rsa);
  const oid = outer.lastIndexOf(Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]));
  outer[oid + 8] = 0x0c;
  assert.is(certificateProblem(outer), 'its inner and outer signature algorithms differ');
  assert.is(certificateProblem(ec), undefined);
});

ca('non-minimal and indefinite DER lengths are refused', () => {
  assert.is(certificateProblem(Uint8Array.from([0x30, 0x81, 0x01, 0x00])), 'it has a length that is not minimally encoded');
  assert.is(certificateProblem(Uint8Array.from([0x30, 0x80, 0x00, 0x00])), 'it has an indefinite or oversized length');
});

ca('base64 decoding is strict about padding and the alphabet, as Go is', () => {
  assert.equal(decodeBase64('TWE='), Uint8Array.from([0x4d, 0x61]));
  assert.equal(decodeBase64('TW\r\nE='), Uint8Array.from([0x4d, 0x61]));
  for (const bad of ['TWE', 'TW=E', 'T*E=', 'TWE==']) assert.is(decodeBase64(bad), undefined, bad);
});

ca('what Go refuses and Node reads: a negative serial number, a curve Go does not support', () => {
  const negative = readFileSync(new URL('refused-negative-serial.pem', dir), 'utf8');
  const secp256k1 = readFileSync(new URL('refused-secp256k1.pem', dir), 'utf8');
  assert.ok(nodeAccepts(negative) && nodeAccepts(secp256k1), 'Node (OpenSSL) reads both');
  assert.match(checkCaCert(negative).error ?? '', /certificate 1 is skipped: its serial number is negative or empty, which Go refuses$/);
  assert.match(checkCaCert(secp256k1).error ?? '', /certificate 1 is skipped: its elliptic curve is not one Go supports \(P-224, P-256, P-384, P-521\)$/);
});

ca('public keys Go cannot parse are refused: a compressed EC point, a negative RSA modulus, RSA without NULL parameters', () => {
  const edit = (name: string, change: (der: Buffer) => Buffer): Uint8Array => change(Buffer.from(derOf(pems.get(name)!)));
  // P-384: 0x04 then 96 bytes; a compressed point starts 0x02 or 0x03.
  const compressed = edit('ec-p384.pem', (der) => {
    const at = der.indexOf(Buffer.from([0x03, 0x62, 0x00, 0x04]));
    der[at + 3] = 0x02;
    return der;
  });
  assert.is(certificateProblem(compressed), 'its elliptic curve point is not an uncompressed point of its curve');
  const negativeModulus = edit('rsa-2048.pem', (der) => {
    const at = der.indexOf(Buffer.from([0x02, 0x82, 0x01, 0x01, 0x00]));
    der[at + 4] = 0x80;
    return der;
  });
  assert.is(certificateProblem(negativeModulus), 'its RSA key is not a positive modulus and exponent');
  // rsaEncryption's NULL parameters turned into an empty OCTET STRING, same length: Go refuses the key.
  const notNull = edit('rsa-2048.pem', (der) => {
    const at = der.indexOf(Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]));
    der[at + 11] = 0x04;
    return der;
  });
  assert.is(certificateProblem(notNull), 'its RSA key algorithm lacks the NULL parameters Go requires');
});

ca('carriage returns: one before the newline is dropped, as Go drops it; more, or one before a space, break the line', () => {
  assert.equal(checkCaCert(TEST_CA.replace(/\n/g, '\r\n')), { skipped: [] });
  for (const ending of ['-----END CERTIFICATE-----\r \n', '-----END CERTIFICATE-----\r\r\n']) {
    assert.match(checkCaCert(TEST_CA.replace('-----END CERTIFICATE-----\n', ending)).error ?? '', /its END line is/, JSON.stringify(ending));
  }
});

ca.run();
