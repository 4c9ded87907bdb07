export * from './gen/kubeling/cri/v1/api.js';
