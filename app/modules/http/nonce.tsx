import { createContext, useContext } from 'react'

/** The CSP nonce of this response; the browser does not need it after the first render. */
const NonceContext = createContext<string | undefined>(undefined)

export const NonceProvider = NonceContext.Provider

export function useNonce() {
  return useContext(NonceContext)
}
