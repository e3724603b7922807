/* SpeanSegment: the query side of Go's generator/segment, which documents it (API: doc.go) and tests it.
Dense to fit 2.5KB gzip; names follow the Go code. */
(()=>{
const T='1c,9,9,7,p,9,6,p,9,1e,0,6,i,m,9,1,u,9,1,c7,9,28,33,4,f5,18,4,1,0,4,1,1,4,1,1,4,1,0,4,8,q,9,4,3,9,t,a,4,5,16,9,0,k,4,0,9,d,4,1,9,0,0,4,0,2q,9,1,0,9,0,6,4,2,5,4,0,1,9,0,1,4,1,3,4,0,1,9,0,9,d,0,5,9,1dt,19,i,1,0,9g,0,0,44,0,1,9g,0,5,44,0,0,2c,5,4,j,0,0,9g,1,0,44,0,3,5w,0,0,7o,0,0,44,0,0,7o,1,9,l,13,19,q,1,0,9o,0,0,4c,0,1,9o,0,5,4c,0,0,2k,0,0,4c,0,0,2k,0,0,9o,2,4,r,3,3,64,0,0,7w,0,0,4c,0,0,7w,1,9,t,2,3,q,80,16,16,0,1,fg,0,1,bw,0,1,do,0,0,a4,0,0,bw,0,2,q4,0,0,h8,0,0,j0,0,0,mk,0,0,oc,0,0,ks,0,0,30,0,0,4s,0,0,6k,0,0,8c,0,0,16,0,9,19,2,1v,16,0,9,19,0,5,16,1cw,1f,y,0,1,6,0,f,4k,0,2,6c,0,1,2s,0,0,6c,0,0,2s,0,4,6c,0,0,84,0,0,6c,8,0,y,0,0,9w,2,9,11,jq,27,4,jk,1r,4,0,73,9,7f,2,6,2a,0,6,33,1b,4,17og,f,4,5r,0,6'.split(','),L=[],H=[],I=[],
F=c=>{let l=0,h=H.length,m;while(l<h)H[m=l+h>>1]<c?l=m+1:h=m;return L[l]<=c?I[l]:0},
K=c=>F(c)&7,R=c=>F(c)>>6,M=c=>K(c)==4,
A=s=>Array.from(s,c=>c.codePointAt(0)),Z=a=>String.fromCodePoint(...a),
fold=c=>{c=c>65280&&c<65375?c-65248:c;const k=K(c);
return c<128?[c]:k==6?[]:k==5?[48+(c&15)]:{3804:[3755,3737],3805:[3755,3745],6066:[6065],4134:[4133,4142]}[c]||[c]},
U=s=>{const us=[];let i=0,p=[],a,e,r,q,b,rs,f,z,k;
const pk=()=>{while(!p.length){if(i>=s.length)return-1;const c=s.codePointAt(i);a=i;i+=c>65535?2:1;e=i;p=fold(c)}return p[0]},
tk=()=>(p=p.slice(1),e),add=()=>(rs.push(p[0]),z=tk());
while((r=pk())>=0){b=a;rs=[r];z=tk();
if(((f=F(r))&7)==3)while((q=pk())>=0&&F(q)>>3==f>>3&&((k=K(q))==3||k==2)){r=q;add();if(k==2)break}
if(r==3755&&(pk()==3737||p[0]==3745))add();
while(pk()>=0&&M(p[0]))add();
us.push({s:b,e:z,t:Z(N(rs))})}
return us},
N=rs=>{const f=F(rs[0]),sc=f>>3&7,e=sc==2?3648:3776;let m=0,i,j,c,d;
if(sc<2)return(f&7)==1?A(Z(rs).normalize('NFD')).filter(c=>(F(c)&63)!=4).map(c=>c>64&&c<91||c>191&&c<223&&c!=215?c+32:c):rs[1]?nfc(rs):rs;
if(sc<4)for(i=0;K(rs[i+1])==3;i++)if(rs[i]==e&&rs[i+1]==e)rs.splice(i--,2,e+1);
while(m<rs.length&&!M(rs[m]))m++;
if(rs.slice(m).some(c=>(F(c)>>3&7)!=sc))return nfc(rs);
for(i=m+1;i<rs.length;i++)for(j=i;j>m&&R(rs[j-1])>R(rs[j]);j--)[rs[j],rs[j-1]]=[rs[j-1],rs[j]];
for(i=m;i+1<rs.length;i++){c=rs[i];d=rs[i+1];
if(c==3661||c==3789){for(j=i+1;R(rs[j])==3;)j++;if(rs[j]==c-27)rs[j]++,rs.splice(i,1)}
else if(c==6081&&(d==6070||d==6072))rs.splice(i,2,d==6070?6084:6078)}
return rs.filter((c,k)=>k<=m||c!=rs[k-1])},
nfc=rs=>{const t=Z(rs),u=t.normalize('NFC'),n=A(u);
return u==t||K(n[0])!=K(rs[0])||!n.slice(1).every(M)?rs:[].concat(...n.map(c=>c==4134?[4133,4142]:c))},
kind=u=>{const f=F(u.t.codePointAt(0)),k=f&7,c=f>>3&7;return k==2||k==3||k==4&&c>1?c:k==1?1:-1},
Q=s=>{const us=U(s),g=[];let hard=1,nl=0,cl=0,n=0,pe,i=0,j,c,t,q;
for(const u of us)u.n=n,n+=u.t.length;
while(i<us.length){c=kind(us[i]);
if(c<0){cl=1;for(const x of us[i++].t)x=='\n'?nl++:/[ \t\r\xA0\u2000-\u200A\u202F\u205F\u3000]/.test(x)||(hard=1);continue}
for(j=i+1;j<us.length&&kind(us[j])==c;j++){t=us[j-1].t;t=t.charCodeAt(t.length-1);
if(c!=1&&!(c==4?t==6098:c==5&&(t==4153||Y(us[j].t)==2)))break}
t=us.slice(i,j).map(u=>u.t).join('');q=g[g.length-1];
g.push({text:t,start:us[i].s,end:us[j-1].e,script:c,brk:q&&q.script==c&&!hard&&nl<2?pe==us[i].n?2:1:0});
pe=us[i].n+t.length;hard=nl=cl=0;i=j}
g.closed=!!cl;return g},
Y=t=>{const r=A(t);if(r[0]<4096||r[0]>4129)return 0;for(const c of r.slice(1)){if(c==4154||c==4153)return 2;if((F(c)&63)!=44||R(c)<9)return 0}return 1},
SUF=['ies','ied','ing','es','ed','s','e','y'],
stem=w=>{for(const x of SUF){const t=w.slice(0,-x.length),l=t.slice(-1);
if(w.endsWith(x)&&[...t].length>2&&!(x=='s'&&'sui'.includes(l)||x=='y'&&'aeiouy'.includes(l)))return t}return w},
prefixStem=p=>{const n=[...p].length;let b=0;
for(const x of SUF)for(let k=x.length;k>b;k--)if(n-k>2&&p.endsWith(x.slice(0,k))){b=k;break}
return p.slice(0,p.length-b)},
tk=(term,pos)=>({term,pos}),
tone=c=>c>3655&&c<3660||c>3783&&c<3788,
key=t=>{const c=t.codePointAt(0),u=U(t);return!t?'':c<128||K(c)==1?[...t].slice(0,3).join(''):Z(A(u[0].t+(u[1]?String.fromCodePoint(u[1].t.codePointAt(0)):'')).filter(c=>!tone(c)))},
api={normalize:s=>U(s).map(u=>u.t).join(''),split:Q,_info:F,key,tone,
queryTokens:q=>{const g=Q(q),exact=[];let prefix=null,lead=null,a=0,b,k,x,s,o;
for(;a<g.length;a=b){for(b=a+1;b<g.length&&g[b].brk==2;)b++;
o=b==g.length&&!g.closed;x=g[a];s=b;
if(x.script==1)o?prefix=tk(prefixStem(x.text),a):exact.push(tk(stem(x.text),a));
else if(b-a<2)o?prefix=tk(x.text,a):exact.push(tk(x.text,a));
else{if(o){s=b-1;prefix=tk(g[b-2].text+g[b-1].text,b-2);if(x.script==5&&Y(g[b-1].text)==1&&(s=b-2)>a)lead=tk(g[b-3].text+g[b-2].text,b-3)}
for(k=a;k+1<s;k++)exact.push(tk(g[k].text+g[k+1].text,k))}}
return{exact,prefix,lead}}};
for(let i=0,p=-1;i<T.length;i+=3)L.push(p+=parseInt(T[i],36)+1),H.push(p+=parseInt(T[i+1],36)),I.push(parseInt(T[i+2],36));
if(typeof module=='object')module.exports=api;
if(typeof self=='object')self.SpeanSegment=api})();
