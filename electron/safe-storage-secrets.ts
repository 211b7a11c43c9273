/**
 * The desktop's secret store: values encrypted with Electron safeStorage (a key held by the OS
 * keychain: Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux) in userData.
 */
import { safeStorage } from 'electron';
import { EncryptedSecretFile, type SecretCipher } from '../hosts/shared/secret-store.js';

const cipher: SecretCipher = {
  unavailableReason() {
    if (!safeStorage.isEncryptionAvailable()) {
      return 'the OS keychain is not available to Lifecycle Studio; set the secret as an environment variable instead';
    }
    // Without a keyring, Chromium on Linux falls back to a key built into the binary: that is no protection.
    if (process.platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text' || backend === 'unknown') {
        return 'no keyring (GNOME Keyring, KWallet) is running, so the value could not be encrypted safely; start one or set the secret as an environment variable';
      }
    }
    return undefined;
  },
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (encrypted) => safeStorage.decryptString(encrypted),
};

/** The encrypted store in `userData` (call after app ready: safeStorage needs it on Linux). */
export function createDesktopSecretStore(userData: string): EncryptedSecretFile {
  return new EncryptedSecretFile(userData, cipher);
}
