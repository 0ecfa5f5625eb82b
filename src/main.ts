// First screen: tokens, layout, and the app shell. Monaco arrives later through a dynamic import.
import './ui/styles/tokens.css';
import './ui/styles/app.css';
import './ui/lab-app';
import { registerServiceWorker } from './offline/register-service-worker';

// Offline use and cross-origin isolation on any host come from the service worker of a built site.
if (import.meta.env.PROD) window.addEventListener('load', () => void registerServiceWorker());
