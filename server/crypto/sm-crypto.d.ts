// sm-crypto ships no types; only the calls this codebase makes are declared.
declare module "sm-crypto" {
  interface Sm2SignOptions {
    hash?: boolean;
    der?: boolean;
    publicKey?: string;
    userId?: string;
  }
  const smCrypto: {
    sm2: {
      generateKeyPairHex(): { privateKey: string; publicKey: string };
      getPublicKeyFromPrivateKey(privateKey: string): string;
      doSignature(msg: string | number[] | Uint8Array, privateKey: string, options?: Sm2SignOptions): string;
      doVerifySignature(
        msg: string | number[] | Uint8Array,
        signature: string,
        publicKey: string,
        options?: Sm2SignOptions,
      ): boolean;
    };
    sm3(data: string | number[] | Uint8Array): string;
  };
  export default smCrypto;
}
