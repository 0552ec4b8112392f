/**
 * Whether `caCert` would work in kuma-dp, which hands it to Go's `x509.CertPool.AppendCertsFromPEM` and refuses to
 * start when that adds no certificate. Checked at render time so a bad value fails the render, not every Pod.
 * The DER check follows what `x509.ParseCertificate` reads: the structure, the serial number, and the shape of RSA,
 * ECDSA and Ed25519 keys. It does not verify signatures or expiry, nor whether an EC point lies on its curve.
 */
import { decodeBase64, readPem } from './pem.ts';

export interface CaCertCheck {
  /** Why kuma-dp would refuse the value; undefined when at least one certificate would load. */
  readonly error?: string;
  /** Blocks kuma-dp would skip without a word, while another certificate loads. */
  readonly skipped: readonly string[];
}

interface Element {
  readonly tag: number;
  readonly body: Uint8Array;
  readonly whole: Uint8Array;
}

/** One DER element (definite, minimal length; low tag numbers only), or a reason it is not one. */
function readElement(bytes: Uint8Array, at: number): { element: Element; next: number } | string {
  if (at + 2 > bytes.length) return 'it ends inside an element';
  const tag = bytes[at]!;
  if ((tag & 0x1f) === 0x1f) return 'it uses a high tag number';
  let length = bytes[at + 1]!;
  let bodyAt = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) return 'it has an indefinite or oversized length';
    if (bodyAt + count > bytes.length) return 'it ends inside a length';
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[bodyAt + i]!;
    if (bytes[bodyAt] === 0 || length < 0x80) return 'it has a length that is not minimally encoded';
    bodyAt += count;
  }
  if (bodyAt + length > bytes.length) return `an element claims ${length} bytes and only ${bytes.length - bodyAt} follow`;
  return { element: { tag, body: bytes.subarray(bodyAt, bodyAt + length), whole: bytes.subarray(at, bodyAt + length) }, next: bodyAt + length };
}

/** The elements filling `bytes` exactly, or a reason. */
function readAll(bytes: Uint8Array): Element[] | string {
  const elements: Element[] = [];
  for (let at = 0; at < bytes.length; ) {
    const read = readElement(bytes, at);
    if (typeof read === 'string') return read;
    elements.push(read.element);
    at = read.next;
  }
  return elements;
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;
const VERSION = 0xa0;

/** Why `der` is not an X.509 certificate as Go reads one, or undefined. */
export function certificateProblem(der: Uint8Array): string | undefined {
  if (der.length === 0) return 'it is empty';
  const outer = readAll(der);
  if (typeof outer === 'string') return outer;
  if (outer.length !== 1 || outer[0]!.tag !== SEQUENCE) return 'it is not one DER SEQUENCE';
  const parts = readAll(outer[0]!.body);
  if (typeof parts === 'string') return parts;
  const [tbs, algorithm, signature] = parts;
  if (parts.length !== 3 || tbs!.tag !== SEQUENCE || algorithm!.tag !== SEQUENCE || signature!.tag !== BIT_STRING) {
    return 'it is not a certificate, a signature algorithm and a signature';
  }
  const fields = readAll(tbs!.body);
  if (typeof fields === 'string') return fields;
  const rest = fields[0]?.tag === VERSION ? fields.slice(1) : fields;
  // Serial, algorithm, issuer, validity, subject, public key: the tags are checked, four are read on.
  const [serial, innerAlgorithm, , validity, , publicKey] = rest;
  const shape = [INTEGER, SEQUENCE, SEQUENCE, SEQUENCE, SEQUENCE, SEQUENCE];
  if (rest.length < shape.length || shape.some((tag, i) => rest[i]!.tag !== tag)) {
    return 'its to-be-signed part lacks a serial number, issuer, validity, subject or public key';
  }
  // Go refuses negative serial numbers since 1.23 (kuma-dp is built with a newer Go).
  if (serial!.body.length === 0 || (serial!.body[0]! & 0x80) !== 0) return 'its serial number is negative or empty, which Go refuses';
  if (!sameBytes(innerAlgorithm!.whole, algorithm!.whole)) return 'its inner and outer signature algorithms differ';
  const times = readAll(validity!.body);
  if (typeof times === 'string' || times.length !== 2 || times.some((t) => t.tag !== UTC_TIME && t.tag !== GENERALIZED_TIME)) {
    return 'its validity is not two times';
  }
  const key = readAll(publicKey!.body);
  if (typeof key === 'string' || key.length !== 2 || key[0]!.tag !== SEQUENCE || key[1]!.tag !== BIT_STRING) {
    return 'its public key is not an algorithm and a bit string';
  }
  return publicKeyProblem(key[0]!, key[1]!);
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Object identifiers as their whole DER element, in hex. */
const OID = {
  rsa: '06092a864886f70d010101',
  ecPublicKey: '06072a8648ce3d0201',
  ed25519: '06032b6570',
} as const;
/** The curves Go's x509 parses, by OID, with the byte length of one coordinate. */
const GO_CURVES = new Map([
  ['06052b81040021', 28], // P-224
  ['06082a8648ce3d030107', 32], // P-256
  ['06052b81040022', 48], // P-384
  ['06052b81040023', 66], // P-521
]);

/** A positive DER INTEGER: content present, sign bit clear, not zero. */
const isPositive = (element: Element): boolean =>
  element.tag === INTEGER && element.body.length > 0 && (element.body[0]! & 0x80) === 0 && element.body.some((b) => b !== 0);

/**
 * What Go's parsePublicKey refuses for the key types it knows (RSA, ECDSA, Ed25519); other algorithms it keeps
 * as unknown, and so does this. Bit strings start with their count of unused bits, 0 here.
 */
function publicKeyProblem(algorithm: Element, key: Element): string | undefined {
  const parts = readAll(algorithm.body);
  if (typeof parts === 'string' || parts.length === 0) return 'its public key algorithm is malformed';
  const oid = hex(parts[0]!.whole);
  const bits = key.body.subarray(1);
  if (key.body[0] !== 0) return oid === OID.rsa || oid === OID.ecPublicKey || oid === OID.ed25519 ? 'its public key bit string has unused bits' : undefined;
  if (oid === OID.rsa) {
    if (parts.length !== 2 || hex(parts[1]!.whole) !== '0500') return 'its RSA key algorithm lacks the NULL parameters Go requires';
    const rsa = readAll(bits);
    const fields = typeof rsa === 'string' || rsa.length !== 1 || rsa[0]!.tag !== SEQUENCE ? undefined : readAll(rsa[0]!.body);
    if (!fields || typeof fields === 'string' || fields.length !== 2 || !fields.every(isPositive)) return 'its RSA key is not a positive modulus and exponent';
  } else if (oid === OID.ecPublicKey) {
    const coordinate = parts[1] ? GO_CURVES.get(hex(parts[1].whole)) : undefined;
    if (coordinate === undefined) return 'its elliptic curve is not one Go supports (P-224, P-256, P-384, P-521)';
    if (bits.length !== 1 + 2 * coordinate || bits[0] !== 0x04) return 'its elliptic curve point is not an uncompressed point of its curve';
  } else if (oid === OID.ed25519) {
    if (parts.length !== 1) return 'its Ed25519 key algorithm has parameters, which Go refuses';
    if (bits.length !== 32) return 'its Ed25519 key is not 32 bytes';
  }
  return undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

const PRIVATE_KEY = /PRIVATE KEY$/;

/** A Secret's `data` holds the PEM base64-encoded once more; pasted as is, it is no PEM at all. */
function isBase64OfPem(text: string): boolean {
  const bytes = decodeBase64(text.replace(/\s+/g, ''));
  return bytes !== undefined && new TextDecoder().decode(bytes).includes('-----BEGIN ');
}

export function checkCaCert(text: string): CaCertCheck {
  const { blocks, broken } = readPem(text);
  const key = blocks.find((b) => PRIVATE_KEY.test(b.type));
  if (key) {
    return { error: `holds a private key (\`-----BEGIN ${key.type}-----\`), which would be written into every Pod spec: give only the CA certificate`, skipped: [] };
  }
  const certificates = blocks.filter((b) => b.type === 'CERTIFICATE');
  const skipped: string[] = broken.map((b) => `a \`-----BEGIN ${b.type}\` block is skipped: ${b.reason}`);
  let loaded = 0;
  certificates.forEach((block, index) => {
    const problem = block.headers > 0 ? 'it has PEM headers' : certificateProblem(block.bytes);
    if (problem === undefined) loaded++;
    else skipped.push(`certificate ${index + 1} is skipped: ${problem}`);
  });
  for (const other of blocks) if (other.type !== 'CERTIFICATE') skipped.push(`a \`${other.type}\` block is skipped: kuma-dp reads only CERTIFICATE blocks`);
  if (loaded > 0) return { skipped };
  if (blocks.length === 0 && broken.length === 0) {
    return {
      error: isBase64OfPem(text)
        ? 'is base64 of a PEM (as a Secret\'s `data` holds it): decode it first (`base64 -d`)'
        : 'is not PEM: expected a `-----BEGIN CERTIFICATE-----` block (the `ca.crt` of the control plane TLS secret)',
      skipped: [],
    };
  }
  return { error: `holds no certificate kuma-dp can load (it would refuse to start): ${skipped.join('; ')}`, skipped: [] };
}
