// First screen: tokens, layout, and the app shell. Monaco arrives later through a dynamic import.
import './ui/styles/tokens.css';
import './ui/styles/app.css';
import './ui/lab-app';
