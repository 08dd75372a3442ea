// class-transformer ships types for its storage module under types/, not beside cjs/.
declare module 'class-transformer/cjs/storage.js' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage.js';
}
