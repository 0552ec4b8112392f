/**
 * `spec.dataplanes` of the functionConfig: whether and how Dataplane previews are written, and the mesh-wide
 * lints. Validation and defaults only; the transform (transforms/generate-dataplanes.ts) reads the result.
 */
import { z } from 'zod/mini';
import { flag, lazySchemas, nonEmpty, section } from '../zod-kit.ts';

/** Built on first use (see configSchemas in src/config.ts). */
export const dataplanesSchema = lazySchemas(() =>
  section({
    /**
     * `preview` (default): one Dataplane per injected pod template, annotated
     * `config.kubernetes.io/local-config: "true"` so that kpt, kustomize and Argo CD never apply it (the control
     * plane owns the real one). `unmarked`: the same without that annotation, for pipelines that want to apply
     * them. `off`: no Dataplanes are written and earlier previews are removed; the lints still run.
     */
    mode: z._default(z.enum(['preview', 'unmarked', 'off']), 'preview'),
    /** Folder of the package the previews are written to, as `<folder>/<namespace>/<name>.yaml`. */
    folder: z._default(
      z.string().check(
        z.regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'must be a relative folder such as "dataplanes"'),
        z.refine((value) => !value.split('/').some((part) => part === '..' || part === '.'), 'must not contain "." or ".." segments'),
      ),
      'dataplanes',
    ),
    /**
     * `networking.address` of a preview whose Pod has no `status.podIP` (every pod template). Kuma rejects
     * `0.0.0.0`, so a preview applied by mistake is refused instead of routing traffic to a wrong address.
     */
    placeholderAddress: z._default(nonEmpty(), '0.0.0.0'),
    /** Run the mesh-wide lints (namespace meshes and labels, dangling policy references, direct access). */
    lint: flag(true),
    /**
     * Write the annotations kuma-cp's Service reconciler adds to Services in injection-enabled namespaces
     * (`ingress.kubernetes.io/service-upstream` and `nginx.ingress.kubernetes.io/service-upstream`, both "true"),
     * so that a GitOps tool sees no drift on them.
     */
    mirrorServiceAnnotations: flag(false),
  }),
);

export type DataplanesConfig = z.infer<ReturnType<typeof dataplanesSchema>>;
