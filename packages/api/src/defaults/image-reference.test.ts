import test from 'ava';
import { imageTag } from './image-reference.js';

test('an untagged image is :latest', (t) => {
  t.is(imageTag('nginx'), 'latest');
  t.is(imageTag('library/nginx'), 'latest');
  t.is(imageTag('registry.k8s.io/pause'), 'latest');
});

test('an explicit tag is returned as written', (t) => {
  t.is(imageTag('nginx:1.27'), '1.27');
  t.is(imageTag('nginx:latest'), 'latest');
  t.is(imageTag('busybox:1.36-musl'), '1.36-musl');
});

test('a registry port is not a tag', (t) => {
  t.is(imageTag('localhost:5000/app'), 'latest');
  t.is(imageTag('localhost:5000/app:v2'), 'v2');
  t.is(imageTag('[::1]:5000/app:v3'), 'v3');
});

test('a digest without a tag has no tag; with one, the tag counts', (t) => {
  const digest = 'sha256:' + 'a'.repeat(64);
  t.is(imageTag(`nginx@${digest}`), '');
  t.is(imageTag(`nginx:1.27@${digest}`), '1.27');
});

test('references that do not parse have no tag', (t) => {
  t.is(imageTag(''), undefined);
  t.is(imageTag('Nginx'), undefined);
  t.is(imageTag('nginx:'), undefined);
  t.is(imageTag('a'.repeat(64)), undefined);
  t.is(imageTag('x/' + 'a'.repeat(260)), undefined);
});
