// esbuild inlines only the `version` field of package.json into dist/cli.js.
import { version } from '../../package.json';

export const CLI_VERSION: string = version;
