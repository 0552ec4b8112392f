import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { kongMeshVersion, productDefaults } from './products.ts';
import { MINORS, RELEASE_TAGS } from './releases.ts';

const products = suite('products');

products('Kuma: kumahq images of the modelled patch, kuma-system, kuma-control-plane', () => {
  const found = productDefaults('kuma', '2.12');
  assert.ok(found.ok);
  if (!found.ok) return;
  assert.equal(found.defaults, {
    sidecarImage: 'docker.io/kumahq/kuma-dp:2.12.14',
    initImage: 'docker.io/kumahq/kuma-init:2.12.14',
    systemNamespace: 'kuma-system',
    controlPlaneServiceName: 'kuma-control-plane',
  });
});

products('Kong Mesh: kong images, kong-mesh-system and kong-mesh-control-plane for every stable minor', () => {
  for (const minor of MINORS.filter((m) => m !== '3.0-preview')) {
    const found = productDefaults('kong-mesh', minor);
    assert.ok(found.ok, minor);
    if (!found.ok) continue;
    const version = RELEASE_TAGS[minor].imageTag;
    assert.is(kongMeshVersion(minor), version, 'Kong Mesh numbers its releases after the Kuma release under them');
    assert.equal(found.defaults, {
      sidecarImage: `docker.io/kong/kuma-dp:${version}`,
      initImage: `docker.io/kong/kuma-init:${version}`,
      systemNamespace: 'kong-mesh-system',
      controlPlaneServiceName: 'kong-mesh-control-plane',
    }, minor);
  }
});

products('Kong Mesh has no build of the 3.0 preview: an error that says so and names what to use', () => {
  const found = productDefaults('kong-mesh', '3.0-preview');
  assert.is(found.ok, false);
  if (found.ok) return;
  assert.match(found.error, 'no build of Kuma 3.0-preview');
  assert.match(found.error, 'product "kuma"');
  assert.match(found.error, '"2.14"');
  assert.is(kongMeshVersion('3.0-preview'), undefined);
});

products.run();
