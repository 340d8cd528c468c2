import '../../shared/demo-config.js';
import '../../shared/style.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { StytchB2BHeadlessClient } from 'stytch-b2b-headless-wasm';
import { StytchB2BProvider } from 'stytch-b2b-headless-wasm/react';
import { App } from './App.jsx';

const DEMO = window.DEMO;
const stytch = new StytchB2BHeadlessClient(DEMO.publicToken, { customBaseUrl: DEMO.apiBase });

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <StytchB2BProvider stytch={stytch} assumeHydrated>
      <App />
    </StytchB2BProvider>
  </StrictMode>,
);
