/**
 * The page's state in the URL fragment, so that a link reproduces a case: JSON, UTF-8, deflated with
 * CompressionStream where the browser has it (`#z=`), else plain (`#b=`), both base64url.
 */

export interface PlaygroundState {
  readonly input: string;
  readonly release: string;
  readonly kubernetesVersion: string;
  /** The other KumaInject spec fields, as YAML. */
  readonly config: string;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const piped = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

const canCompress = (): boolean => typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';

export async function encodeState(state: PlaygroundState): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  if (canCompress()) return `z=${toBase64Url(await through(bytes, new CompressionStream('deflate-raw')))}`;
  return `b=${toBase64Url(bytes)}`;
}

/** The state in a fragment (with or without '#'), or undefined when there is none or it does not decode. */
export async function decodeState(fragment: string): Promise<PlaygroundState | undefined> {
  const text = fragment.replace(/^#/, '');
  try {
    let bytes: Uint8Array;
    if (text.startsWith('z=') && canCompress()) bytes = await through(fromBase64Url(text.slice(2)), new DecompressionStream('deflate-raw'));
    else if (text.startsWith('b=')) bytes = fromBase64Url(text.slice(2));
    else return undefined;
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as Partial<PlaygroundState>;
    const str = (v: unknown): string => (typeof v === 'string' ? v : '');
    return { input: str(parsed.input), release: str(parsed.release), kubernetesVersion: str(parsed.kubernetesVersion), config: str(parsed.config) };
  } catch {
    return undefined;
  }
}
