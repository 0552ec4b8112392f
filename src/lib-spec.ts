// Generated from the config schema (src/config.ts) by scripts/write-types.ts at build time: never edit it by hand.
import type { KumaVersion } from './lib.ts';

/** `spec` of a KumaInject functionConfig (every field has a default; see function/README.md). */
export type KumaInjectSpec = {
  kumaVersion?: KumaVersion;
  product?: "kuma" | "kong-mesh";
  kubernetesVersion?: string;
  controlPlane?: {
    mode?: "zone" | "global";
    runtime?: {
      kubernetes?: {
        injector?: {
          sidecarContainer?: {
            image?: string;
            uid?: number;
            gid?: number;
            adminPort?: number;
            drainTime?: string;
            readinessProbe?: {
              initialDelaySeconds?: number;
              timeoutSeconds?: number;
              periodSeconds?: number;
              failureThreshold?: number;
              successThreshold?: number;
            };
            livenessProbe?: {
              initialDelaySeconds?: number;
              timeoutSeconds?: number;
              periodSeconds?: number;
              failureThreshold?: number;
            };
            startupProbe?: {
              initialDelaySeconds?: number;
              timeoutSeconds?: number;
              periodSeconds?: number;
              failureThreshold?: number;
            };
            resources?: {
              requests?: {
                cpu?: string | number;
                memory?: string | number;
              };
              limits?: {
                cpu?: string | number;
                memory?: string | number;
              };
            };
            envVars?: {
              [key: string]: string;
            };
            redirectPortInbound?: number;
            redirectPortOutbound?: number;
            redirectPortInboundV6?: number;
            ipFamilyMode?: "dualstack" | "ipv4";
            waitForDataplaneReady?: boolean;
          };
          initContainer?: {
            image?: string;
            resources?: {
              requests?: {
                cpu?: string | number;
                memory?: string | number;
              };
              limits?: {
                cpu?: string | number;
                memory?: string | number;
              };
            };
          };
          validationContainer?: {
            resources?: {
              requests?: {
                cpu?: string | number;
                memory?: string | number;
              };
              limits?: {
                cpu?: string | number;
                memory?: string | number;
              };
            };
          };
          containerPatches?: Array<string>;
          cniEnabled?: boolean;
          virtualProbesEnabled?: boolean;
          virtualProbesPort?: number;
          applicationProbeProxyPort?: number;
          sidecarTraffic?: {
            excludeInboundPorts?: Array<number>;
            excludeOutboundPorts?: Array<number>;
            excludeInboundIPs?: Array<string>;
            excludeOutboundIPs?: Array<string>;
          };
          exceptions?: {
            labels?: {
              [key: string]: string;
            };
          };
          caCertFile?: string;
          builtinDNS?: {
            enabled?: boolean;
            port?: number;
            logging?: boolean;
            experimentalProxy?: boolean;
          };
          ebpf?: {
            enabled?: boolean;
            instanceIPEnvVarName?: string;
            bpffsPath?: string;
            cgroupPath?: string;
            tcAttachIface?: string;
            programsSourcePath?: string;
          };
          ignoredServiceSelectorLabels?: Array<string>;
          nodeLabelsToCopy?: Array<string>;
          transparentProxyConfigMap?: string;
          unifiedResourceNamingEnabled?: boolean;
          otelPipeEnabled?: boolean;
          spire?: {
            enabled?: boolean;
            mountPath?: string;
            socketFileName?: string;
          };
        };
        controlPlaneServiceName?: string;
        workloadLabels?: Array<string>;
        [key: string]: unknown;
      };
      [key: string]: unknown;
    };
    bootstrapServer?: {
      params?: {
        adminPort?: number;
        readinessPort?: number;
        envoyAdminUnixSocket?: boolean;
        [key: string]: unknown;
      };
      [key: string]: unknown;
    };
    experimental?: {
      sidecarContainers?: boolean;
      deltaXds?: boolean;
      kubeOutboundsAsVIPs?: boolean;
      inboundTagsDisabled?: boolean;
      [key: string]: unknown;
    };
    store?: {
      kubernetes?: {
        systemNamespace?: string;
        [key: string]: unknown;
      };
      [key: string]: unknown;
    };
    dpServer?: {
      port?: number;
      [key: string]: unknown;
    };
    multizone?: {
      zone?: {
        name?: string;
        [key: string]: unknown;
      };
      [key: string]: unknown;
    };
    [key: string]: unknown;
  };
  controlPlaneURL?: string;
  caCert?: string;
  namespaces?: {
    [key: string]: {
      labels?: {
        [key: string]: string;
      };
      annotations?: {
        [key: string]: string;
      };
    };
  };
  meshes?: Array<string>;
  workloadKinds?: Array<{
    apiVersion: string;
    kind: string;
    podTemplatePath: string;
  }>;
  strict?: boolean;
  refusePrivilegedPatches?: boolean;
  lifecycle?: {
    preStop?: {
      seconds?: number;
      form?: "auto" | "exec";
      execCommand?: Array<string>;
    };
    gracePeriod?: {
      check?: boolean;
      marginSeconds?: number;
      raise?: boolean;
    };
    jobs?: {
      injectInLegacyLayout?: boolean;
    };
    nativeSidecars?: {
      adopt?: Array<string>;
    };
  };
  dataplanes?: {
    mode?: "preview" | "unmarked" | "off";
    folder?: string;
    placeholderAddress?: string;
    lint?: boolean;
    mirrorServiceAnnotations?: boolean;
  };
};
