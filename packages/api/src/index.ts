export { BUILTIN_RESOURCES, groupVersion, ResourceRegistry, type ResourceInfo, type SubresourceInfo } from './resources.js';
